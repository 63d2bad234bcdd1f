#!/usr/bin/env python
from innerchild.cli import main

if __name__ == "__main__":
    main()
