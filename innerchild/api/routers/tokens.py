"""/api/v1/tokens/: the caller's own personal API tokens. Tokens are made on the settings page
(a logged-in session: the token is shown there once); here they can be listed and revoked."""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from ninja import Path, Router, Schema

from innerchild.api import access, actions
from innerchild.api.schemas import responses

router = Router(tags=["tokens"])


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class TokenList(Schema):
    tokens: list[TokenOut]


@router.get("/", response=responses({200: TokenList}), summary="My API tokens")
def tokens(request):
    return {"tokens": list(access.tokens_of(request.user))}


@router.delete("/{token_id}/", response=responses({204: None}), summary="Revoke a token")
def revoke(request, token_id: int = Path(..., ge=1, le=2**63 - 1)):
    token = access.token_for(request.user, token_id)
    actions.do_revoke_token(token, by=request.user)
    return HttpResponse(status=204)
