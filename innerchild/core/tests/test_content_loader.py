from pathlib import Path

from django.test import SimpleTestCase

from innerchild.core.content import ContentError, load_directory, parse_yaml
from innerchild.core.signs import all_signs, sign_ids

SCHEMA = {
    "type": "object",
    "required": ["id", "items"],
    "properties": {
        "id": {"type": "string"},
        "items": {"type": "array", "items": {"type": "integer", "maximum": 4}},
    },
}


class ContentLoaderTests(SimpleTestCase):
    def write(self, directory: Path, name: str, text: str) -> Path:
        path = directory / name
        path.write_text(text)
        return path

    def directory(self) -> Path:
        import tempfile

        holder = tempfile.TemporaryDirectory()
        self.addCleanup(holder.cleanup)
        return Path(holder.name)

    def test_it_loads_valid_files_in_order(self):
        folder = self.directory()
        self.write(folder, "b.yaml", "id: b\nitems: [1]\n")
        self.write(folder, "a.yaml", "id: a\nitems: [2, 3]\n")
        documents = load_directory(folder, SCHEMA)
        self.assertEqual([d.data["id"] for d in documents], ["a", "b"])

    def test_it_names_the_file_and_line_of_a_schema_error(self):
        folder = self.directory()
        path = self.write(folder, "bad.yaml", "id: bad\nitems:\n  - 1\n  - 9\n")
        with self.assertRaises(ContentError) as caught:
            load_directory(folder, SCHEMA)
        self.assertEqual(len(caught.exception.problems), 1)
        self.assertTrue(caught.exception.problems[0].startswith(f"{path}:4: items/1:"))

    def test_it_names_the_line_of_a_missing_field(self):
        folder = self.directory()
        path = self.write(folder, "missing.yaml", "# a comment\nitems: [1]\n")
        with self.assertRaises(ContentError) as caught:
            load_directory(folder, SCHEMA)
        self.assertIn(f"{path}:2:", caught.exception.problems[0])
        self.assertIn("'id' is a required property", caught.exception.problems[0])

    def test_it_reports_broken_yaml_with_its_line(self):
        with self.assertRaises(ContentError) as caught:
            parse_yaml("id: x\nitems: [1, 2\nother: 3\n", Path("broken.yaml"))
        self.assertRegex(caught.exception.problems[0], r"^broken\.yaml:\d+: not valid YAML")

    def test_it_refuses_duplicate_keys(self):
        with self.assertRaises(ContentError) as caught:
            parse_yaml("id: x\nid: y\n", Path("dup.yaml"))
        self.assertIn("dup.yaml:2", caught.exception.problems[0])
        self.assertIn("duplicate key", caught.exception.problems[0])

    def test_it_reports_every_broken_file_at_once(self):
        folder = self.directory()
        self.write(folder, "one.yaml", "items: [1]\n")
        self.write(folder, "two.yaml", "id: 2\nitems: [1]\n")
        with self.assertRaises(ContentError) as caught:
            load_directory(folder, SCHEMA)
        self.assertEqual(len(caught.exception.problems), 2)


class SignsTests(SimpleTestCase):
    def test_there_are_ten_signs_with_stable_ids(self):
        self.assertEqual(len(all_signs()), 10)
        self.assertEqual(sign_ids()[0], "inadequacy")
        self.assertIn("abandonment", sign_ids())
