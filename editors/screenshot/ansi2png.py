#!/usr/bin/env python3
"""Renders a terminal screen captured with `tmux capture-pane -e -p` (text with SGR colour
escapes) to a PNG, one monospace cell per column. Needs Pillow and a monospace TTF.

usage: ansi2png.py CAPTURE.ans OUT.png [--cols N] [--font PATH] [--size PX]
"""
import argparse
import re
import unicodedata

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
DEFAULT_FG = (224, 226, 234)  # Neovim 0.11's default colorscheme (NvimLightGrey2 on NvimDarkGrey2)
DEFAULT_BG = (20, 22, 27)
# xterm's 16 colours, then the 6x6x6 cube and the grey ramp.
BASE16 = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
          (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]


def xterm256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


# Box-drawing characters are drawn as lines across the whole cell, so borders join up between
# rows (a font's glyphs stop short of the line height).
BOX = {"─": "lr", "│": "tb", "╭": "rb", "┌": "rb", "╮": "lb", "┐": "lb", "╰": "rt", "└": "rt", "╯": "lt", "┘": "lt"}


def box(d, ch, left, top, w, h, fg):
    cx, cy = left + w // 2, top + h // 2
    ends = {"l": (left, cy), "r": (left + w, cy), "t": (cx, top), "b": (cx, top + h)}
    for side in BOX[ch]:
        d.line([ends[side], (cx, cy)], fill=fg, width=1)


SGR = re.compile(r"\x1b\[([0-9;:]*)m")
OTHER_ESC = re.compile(r"\x1b\[[0-9;?]*[A-Za-ln-z]|\x1b[()][0-9A-B]|\x1b[=>]")


class Style:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = self.italic = self.reverse = False
        self.underline = 0  # 0 none, 1 straight, 3 curly
        self.ul_color = None

    def copy(self):
        s = Style()
        s.__dict__.update(self.__dict__)
        return s


def colour(params, i):
    """Parses 5;n or 2;r;g;b starting at params[i]; returns (rgb, next index)."""
    if i < len(params) and params[i] == "5" and i + 1 < len(params):
        return xterm256(int(params[i + 1] or 0)), i + 2
    if i < len(params) and params[i] == "2" and i + 3 < len(params):
        return tuple(int(p or 0) for p in params[i + 1:i + 4]), i + 4
    return None, len(params)


def apply(style, raw):
    params = raw.split(";") if raw else ["0"]
    i = 0
    while i < len(params):
        p = params[i]
        if ":" in p:  # sub-parameters: 4:3 (undercurl), 38:2::r:g:b, 58:2::r:g:b
            sub = p.split(":")
            if sub[0] == "4":
                style.underline = int(sub[1] or 0) if len(sub) > 1 else 1
            elif sub[0] in ("38", "48", "58") and len(sub) >= 3:
                vals = [v for v in sub[2:] if v != ""] if sub[1] == "2" else sub[2:]
                rgb = tuple(int(v) for v in vals[-3:]) if sub[1] == "2" else xterm256(int(sub[2]))
                setattr(style, {"38": "fg", "48": "bg", "58": "ul_color"}[sub[0]], rgb)
            i += 1
            continue
        n = int(p or 0)
        i += 1
        if n == 0:
            style.reset()
        elif n == 1:
            style.bold = True
        elif n == 3:
            style.italic = True
        elif n == 4:
            style.underline = 1
        elif n == 7:
            style.reverse = True
        elif n == 22:
            style.bold = False
        elif n == 23:
            style.italic = False
        elif n == 24:
            style.underline = 0
        elif n == 27:
            style.reverse = False
        elif 30 <= n <= 37:
            style.fg = BASE16[n - 30]
        elif 90 <= n <= 97:
            style.fg = BASE16[n - 90 + 8]
        elif 40 <= n <= 47:
            style.bg = BASE16[n - 40]
        elif 100 <= n <= 107:
            style.bg = BASE16[n - 100 + 8]
        elif n == 39:
            style.fg = None
        elif n == 49:
            style.bg = None
        elif n == 59:
            style.ul_color = None
        elif n in (38, 48, 58):
            rgb, i = colour(params, i)
            setattr(style, {38: "fg", 48: "bg", 58: "ul_color"}[n], rgb)


def cells(line, style):
    """Yields (char, width, style) for one captured line; `style` carries over between lines."""
    out = []
    pos = 0
    line = OTHER_ESC.sub("", line)
    for m in SGR.finditer(line):
        for ch in line[pos:m.start()]:
            out.append((ch, 2 if unicodedata.east_asian_width(ch) in "WF" else 1, style.copy()))
        apply(style, m.group(1))
        pos = m.end()
    for ch in line[pos:]:
        out.append((ch, 2 if unicodedata.east_asian_width(ch) in "WF" else 1, style.copy()))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("capture")
    ap.add_argument("out")
    ap.add_argument("--cols", type=int, default=0)
    ap.add_argument("--size", type=int, default=16)
    ap.add_argument("--font", default=FONT_DIR + "DejaVuSansMono.ttf")
    ap.add_argument("--bold-font", default=FONT_DIR + "DejaVuSansMono-Bold.ttf")
    ap.add_argument("--italic-font", default=FONT_DIR + "DejaVuSansMono-Oblique.ttf")
    ap.add_argument("--pad", type=int, default=12)
    a = ap.parse_args()

    text = open(a.capture, encoding="utf-8", errors="replace").read().rstrip("\n")
    lines = text.split("\n")
    style = Style()
    rows = [cells(line, style) for line in lines]
    cols = a.cols or max(sum(w for _, w, _ in r) for r in rows)

    font = ImageFont.truetype(a.font, a.size)
    bold = ImageFont.truetype(a.bold_font, a.size)
    italic = ImageFont.truetype(a.italic_font, a.size)
    cw = round(font.getlength("M"))
    asc, desc = font.getmetrics()
    ch_h = asc + desc + 2
    img = Image.new("RGB", (cols * cw + 2 * a.pad, len(rows) * ch_h + 2 * a.pad), DEFAULT_BG)
    d = ImageDraw.Draw(img)
    for y, row in enumerate(rows):
        x = 0
        top = a.pad + y * ch_h
        for ch, w, s in row:
            fg, bg = s.fg or DEFAULT_FG, s.bg or DEFAULT_BG
            if s.reverse:
                fg, bg = bg, fg
            left = a.pad + x * cw
            if bg != DEFAULT_BG:
                d.rectangle([left, top, left + w * cw - 1, top + ch_h - 1], fill=bg)
            if ch in BOX:
                box(d, ch, left, top, w * cw, ch_h, fg)
            elif ch.strip():
                f = bold if s.bold else italic if s.italic else font
                d.text((left, top + 1), ch, font=f, fill=fg)
            if s.underline:
                uy = top + asc + 3
                uc = s.ul_color or fg
                if s.underline == 3:  # undercurl as a zigzag
                    pts = [(left + i, uy + (1 if (i // 2) % 2 else -1)) for i in range(0, w * cw + 1, 2)]
                    d.line(pts, fill=uc, width=1)
                else:
                    d.line([(left, uy), (left + w * cw - 1, uy)], fill=uc, width=1)
            x += w
    # A terminal with an unstyled right margin beyond the captured cells keeps the default bg.
    img.save(a.out, optimize=True)


if __name__ == "__main__":
    main()
