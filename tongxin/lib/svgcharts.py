"""Small SVG charts drawn on the server: offline, labelled with text, printable.

Every chart carries a <title> and text labels, so it reads without colour and
survives printing in black and white.
"""

from decimal import Decimal
from html import escape

Number = int | float | Decimal | None


def _fmt(value: Number) -> str:
    if value is None:
        return "—"
    value = Decimal(value)
    if value == value.to_integral():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def trend(
    labels: list[str], values: list[Number], *, title: str, width: int = 220, height: int = 64
) -> str:
    """A five-year trend: a line with a dot and a value label per year."""
    pad_x, pad_top, pad_bottom = 16, 14, 16
    numbers = [float(v) for v in values if v is not None]
    top = max(numbers) if numbers else 1.0
    top = top or 1.0
    n = max(len(values), 1)
    step = (width - 2 * pad_x) / max(n - 1, 1)
    inner = height - pad_top - pad_bottom
    points, parts = [], []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = pad_x + i * step
        y = pad_top + inner * (1 - (float(value) / top if value is not None else 0))
        if value is not None:
            points.append(f"{x:.1f},{y:.1f}")
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" class="dot"/>')
            parts.append(
                f'<text x="{x:.1f}" y="{y - 4:.1f}" class="val" text-anchor="middle">'
                f"{escape(_fmt(value))}</text>"
            )
        parts.append(
            f'<text x="{x:.1f}" y="{height - 3}" class="lbl" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    line = f'<polyline points="{" ".join(points)}" class="line"/>' if len(points) > 1 else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart trend" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{line}{''.join(parts)}</svg>"
    )


def bars(
    labels: list[str],
    values: list[Number],
    *,
    title: str,
    unit: str = "",
    width: int = 560,
    bar_height: int = 22,
) -> str:
    """Horizontal bars, one per label, each with its value written beside it."""
    label_w, value_w, gap = 96, 90, 6
    height = len(labels) * (bar_height + gap) + gap
    numbers = [float(v) for v in values if v is not None]
    top = max(numbers) if numbers else 1.0
    top = top or 1.0
    span = width - label_w - value_w
    parts = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = gap + i * (bar_height + gap)
        w = span * (float(value) / top) if value is not None else 0
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_height * 0.7:.1f}" class="lbl" '
            f'text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_height}" class="bar"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar_height * 0.7:.1f}" class="val">'
            f"{escape(_fmt(value))}{escape(unit)}</text>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bars" viewBox="0 0 {width} '
        f'{height}" width="100%" preserveAspectRatio="xMinYMin meet" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>{"".join(parts)}</svg>'
    )
