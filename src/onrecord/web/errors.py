"""The viewer's one error shape (``{"error": {...}}``), its OpenAPI model, and the exception that
carries a message naming the fix."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import Request
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException


class ErrorDetail(BaseModel):
    status: int
    title: str
    message: str = Field(description="What failed, and how to fix it.")
    details: list[Any] = Field(default_factory=list)


class ErrorBody(BaseModel):
    error: ErrorDetail



_ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody}, 409: {"model": ErrorBody},
                                            422: {"model": ErrorBody}}


class ViewerError(StarletteHTTPException):
    """An HTTP error with a message naming the fix, and optional details (candidates, invalid fields)."""

    def __init__(self, status: int, message: str, details: list[Any] | None = None) -> None:
        super().__init__(status, message)
        self.details = details or []


def error_body(status: int, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    """The one error shape of the API."""
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    return {"error": {"status": status, "title": title, "message": message, "details": details or []}}


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path == "/api" or path.startswith(("/api/", "/openapi", "/static/")):
        return False
    return "text/html" in request.headers.get("accept", "")
