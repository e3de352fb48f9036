#!/usr/bin/env python3
"""Packs the rendered PNGs into the Windows .ico and macOS .icns that jpackage wants there. Both formats accept PNG
payloads (ICO since Windows Vista, ICNS since OS X 10.7), so no image conversion is needed. Run by render-icons.sh."""
import struct
import sys
from pathlib import Path

folder = Path(sys.argv[1])


def png(size):
    return (folder / f"pentimento-{size}.png").read_bytes()


ico_sizes = [16, 24, 32, 48, 64, 128, 256]
header = struct.pack("<HHH", 0, 1, len(ico_sizes))
offset = len(header) + 16 * len(ico_sizes)
entries, payload = b"", b""
for size in ico_sizes:
    data = png(size)
    side = 0 if size == 256 else size  # 0 means 256 in an ICO directory entry
    entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(payload))
    payload += data
(folder / "pentimento.ico").write_bytes(header + entries + payload)

# ICNS types holding PNGs: 16, 32, 64, 128, 256, 512 px and their @2x variants
icns_types = [(b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
              (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512)]
body = b"".join(kind + struct.pack(">I", 8 + len(png(size))) + png(size) for kind, size in icns_types)
(folder / "pentimento.icns").write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)
