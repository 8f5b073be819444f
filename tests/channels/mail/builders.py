"""Small raw messages for unit tests: headers and body as text, CRLF line ends."""

import base64


def raw(headers: str, body: str = "", *, encoding: str = "utf-8") -> bytes:
    head = "\r\n".join(line.strip() for line in headers.strip().splitlines())
    return (head + "\r\n\r\n").encode("utf-8", "surrogateescape") + body.replace(
        "\n", "\r\n"
    ).encode(encoding, "surrogateescape")


def simple(body: str = "Hello", **extra: str) -> bytes:
    headers = {
        "From": "Customer <customer@example.com>",
        "To": "desk@example.com",
        "Subject": "Printer",
        "Message-ID": "<m1@example.com>",
        "Date": "Mon, 3 Mar 2025 10:00:00 -0500",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
    }
    headers.update({k.replace("_", "-"): v for k, v in extra.items()})
    return raw("\n".join(f"{k}: {v}" for k, v in headers.items()), body)


def b64(data: bytes) -> str:
    return base64.encodebytes(data).decode()
