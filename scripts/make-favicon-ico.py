#!/usr/bin/env python3
# Writes src/Oro.Opportunities.Web/wwwroot/favicon.ico: the shapes of favicon.svg (rounded square, ring, dot)
# rasterised without any imaging library, as 16x16 and 32x32 32-bit entries.
# Usage: scripts/make-favicon-ico.py src/Oro.Opportunities.Web/wwwroot/favicon.ico
import struct, sys

BG = (0x1f, 0x4e, 0x79)
WHITE = (0xff, 0xff, 0xff)

def sample(x, y):
    """Colour and coverage at a point of the 32x32 design space."""
    # Rounded rectangle 0..32, radius 6.
    r = 6.0
    cx = min(max(x, r), 32 - r)
    cy = min(max(y, r), 32 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return None
    d = ((x - 16) ** 2 + (y - 16) ** 2) ** 0.5
    if d <= 4.5 or abs(d - 10) <= 1.25:
        return WHITE
    return BG

def render(size, ss=8):
    pixels = []
    for py in range(size):
        row = []
        for px in range(size):
            acc = [0, 0, 0]; n = 0
            for sy in range(ss):
                for sx in range(ss):
                    x = (px + (sx + 0.5) / ss) * 32 / size
                    y = (py + (sy + 0.5) / ss) * 32 / size
                    c = sample(x, y)
                    if c is not None:
                        acc = [a + b for a, b in zip(acc, c)]; n += 1
            alpha = round(255 * n / (ss * ss))
            rgb = [round(a / n) for a in acc] if n else [0, 0, 0]
            row.append((*rgb, alpha))
        pixels.append(row)
    return pixels

def dib(size):
    pixels = render(size)
    header = struct.pack('<IiiHHIIiiII', 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    xor = b''.join(bytes((b, g, r, a)) for row in reversed(pixels) for (r, g, b, a) in row)
    mask_row = ((size + 31) // 32) * 4
    and_mask = b''
    for row in reversed(pixels):
        out = bytearray(mask_row)
        for i, (_, _, _, a) in enumerate(row):
            if a == 0:
                out[i // 8] |= 0x80 >> (i % 8)
        and_mask += bytes(out)
    return header + xor + and_mask

images = [(16, dib(16)), (32, dib(32))]
offset = 6 + 16 * len(images)
entries = b''; data = b''
for size, blob in images:
    entries += struct.pack('<BBBBHHII', size, size, 0, 0, 1, 32, len(blob), offset + len(data))
    data += blob
open(sys.argv[1], 'wb').write(struct.pack('<HHH', 0, 1, len(images)) + entries + data)
