#!/usr/bin/env python3
"""Time from starting `factline lsp` to the first publishDiagnostics of one opened file.

    python3 scripts/first_diagnostics.py target/release/factline examples examples/flood-sindh.txt
"""
import json, subprocess, sys, time, os, pathlib
exe, root, f = sys.argv[1], pathlib.Path(sys.argv[2]).resolve(), pathlib.Path(sys.argv[3]).resolve()
def msg(o):
    b = json.dumps(o).encode(); return b"Content-Length: %d\r\n\r\n" % len(b) + b
def read(p):
    h = b""
    while not h.endswith(b"\r\n\r\n"): h += p.stdout.read(1)
    n = int([l for l in h.split(b"\r\n") if l.lower().startswith(b"content-length")][0].split(b":")[1])
    return json.loads(p.stdout.read(n))
res=[]
for _ in range(20):
    t0 = time.perf_counter()
    p = subprocess.Popen([exe, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdin.write(msg({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":None,"rootUri":root.as_uri(),"capabilities":{},"workspaceFolders":[{"uri":root.as_uri(),"name":"r"}]}})); p.stdin.flush()
    while read(p).get("id") != 1: pass
    p.stdin.write(msg({"jsonrpc":"2.0","method":"initialized","params":{}}))
    p.stdin.write(msg({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":f.as_uri(),"languageId":"plaintext","version":1,"text":f.read_text()}}})); p.stdin.flush()
    while True:
        m = read(p)
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == f.as_uri(): break
    res.append((time.perf_counter()-t0)*1000)
    p.kill(); p.wait()
res.sort(); print("process start -> first diagnostics: median %.1f ms, min %.1f, max %.1f (n=%d)" % (res[len(res)//2], res[0], res[-1], len(res)))
