#!/usr/bin/python3
"""Small JPEG and WebP images carrying generation parameters the way the tools write them, for ImageMetadataTest.

- a1111.jpg, a1111.webp: AUTOMATIC1111's save for JPEG/WebP: Pillow saves the image, then piexif.insert adds an
  Exif IFD whose UserComment is piexif.helper.UserComment.dump(infotext, encoding="unicode") (prefix "UNICODE\\0",
  UTF-16 big-endian).
- comfy.webp: ComfyUI's animated WebP save: Pillow's Exif with tag 0x0110 (Model) = "prompt:" + json and
  0x010F (Make) = "workflow:" + json, passed as exif= to Image.save.
- xmp.jpg: a JPEG whose only metadata is an XMP packet with exif:UserComment (an rdf:Alt), as some editors rewrite it.

Needs Debian's python3-pil and python3-piexif. Run from the repository root:
  /usr/bin/python3 src/test/python/image_metadata_fixtures.py
"""
import io
import json
import os

import piexif
import piexif.helper
from PIL import Image

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "image", "interop")

INFOTEXT = ("a lighthouse at dusk, (dramatic sky:1.2), 富士山\nNegative prompt: blurry, lowres\n"
            "Steps: 28, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 6.5, Seed: 3405417026, Size: 512x768, "
            "Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Denoising strength: 0.55, Version: v1.10.1")

PROMPT = {"3": {"inputs": {"seed": 42, "steps": 12, "cfg": 4.5, "sampler_name": "euler_ancestral",
                           "scheduler": "normal", "denoise": 1.0, "model": ["4", 0], "positive": ["6", 0],
                           "negative": ["7", 0], "latent_image": ["5", 0]}, "class_type": "KSampler"},
          "5": {"inputs": {"width": 640, "height": 384, "batch_size": 1}, "class_type": "EmptyLatentImage"},
          "6": {"inputs": {"text": "a red fox", "clip": ["4", 1]}, "class_type": "CLIPTextEncode"},
          "7": {"inputs": {"text": "blurry", "clip": ["4", 1]}, "class_type": "CLIPTextEncode"}}

XMP = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
       '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       '<rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/"><exif:UserComment><rdf:Alt>'
       '<rdf:li xml:lang="x-default">a castle &amp; a moat\nSteps: 9, Sampler: Euler, Seed: 7, Size: 64x64'
       '</rdf:li></rdf:Alt></exif:UserComment></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def picture():
    return Image.new("RGB", (8, 8), (200, 120, 40))


def a1111(name, fmt):
    path = os.path.join(OUT, name)
    picture().save(path, format=fmt, quality=80)
    exif = piexif.dump({"Exif": {piexif.ExifIFD.UserComment:
                                 piexif.helper.UserComment.dump(INFOTEXT, encoding="unicode")}})
    piexif.insert(exif, path)


def comfy():
    img = picture()
    meta = img.getexif()
    meta[0x0110] = "prompt:{}".format(json.dumps(PROMPT))
    meta[0x010F] = "workflow:{}".format(json.dumps({"nodes": [], "links": []}))
    img.save(os.path.join(OUT, "comfy.webp"), save_all=True, exif=meta, lossless=True)


def xmp_jpeg():
    buf = io.BytesIO()
    picture().save(buf, format="JPEG", quality=80)
    data = buf.getvalue()
    payload = b"http://ns.adobe.com/xap/1.0/\x00" + XMP.encode("utf-8")
    segment = b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload
    with open(os.path.join(OUT, "xmp.jpg"), "wb") as f:
        f.write(data[:2] + segment + data[2:])


def main():
    os.makedirs(OUT, exist_ok=True)
    a1111("a1111.jpg", "JPEG")
    a1111("a1111.webp", "WEBP")
    comfy()
    xmp_jpeg()


if __name__ == "__main__":
    main()
