"""A draft to audit, from a file's bytes: .txt (UTF-8 or GB18030), .docx, .html."""

from tongxin.reports.reading import text_from_upload
from tongxin.text import read_article


def draft_text(name: str, data: bytes) -> str:
    """The draft's text; raises ValidationError (Chinese message) for what cannot be read."""
    text = text_from_upload(name, data)
    if name.lower().endswith((".html", ".htm")):
        article = read_article(text)
        head = "\n".join(p for p in (article.get("title"), article.get("subtitle")) if p)
        return f"{head}\n{article['body']}" if head else article["body"]
    return text
