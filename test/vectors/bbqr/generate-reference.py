#!/usr/bin/env python3
"""
Writes reference-splits.json: the parts that Coinkite's reference Python implementation of BBQr
(coinkite/BBQr python/bbqr, snapshot d33d7555558a5e5320914a773be62ecf471de482) makes of the files in
test_data/ (that repository's test_data/, verbatim, less signed.txn) and of deterministic edge-case inputs,
with the parameters of the reference's own tests (python/tests/test_loopback.py).

The reference is run as published, not copied here: it needs pyqrcode (Debian: python3-pyqrcode 1.2.1) for
the QR capacities, and the interpreter's zlib (1.2.13 when the file was written).

Usage: /usr/bin/python3 generate-reference.py PATH_TO/BBQr/python > reference-splits.json
"""
import hashlib, json, os, sys, zlib

sys.path.insert(0, sys.argv[1])
import bbqr  # noqa: E402  (the reference, from the path given)
import pyqrcode  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, 'test_data')
FULL_PARTS_UP_TO = 1500  # characters; larger series are pinned by their SHA-256


def edge_data(size, low_entropy):
    """Deterministic stand-in for the reference tests' os.urandom: SHA-256('bbqr edge' || size || k) blocks."""
    if low_entropy:
        return b'A' * size
    out = b''
    k = 0
    while len(out) < size:
        out += hashlib.sha256(b'bbqr edge' + size.to_bytes(4, 'big') + k.to_bytes(4, 'big')).digest()
        k += 1
    return out[:size]


def record(source, file_type, raw, encoding, **kws):
    version, parts = bbqr.split_qrs(raw, file_type, encoding=encoding, **kws)
    joined = '\n'.join(parts)
    back_type, back = bbqr.join_qrs(parts)
    assert back_type == file_type and back == raw
    rec = {
        'input': source,
        'file_type': file_type,
        'requested_encoding': encoding,
        'options': kws,
        'version': version,
        'encoding': parts[0][2],
        'count': len(parts),
        'parts_sha256': hashlib.sha256(joined.encode()).hexdigest(),
        'first_part_head': parts[0][:24],
        'last_part_length': len(parts[-1]),
    }
    if len(joined) <= FULL_PARTS_UP_TO:
        rec['parts'] = parts
    return rec


cases = []
files = sorted(f for f in os.listdir(DATA) if f.endswith(('.psbt', '.txn')))
for name in files:
    raw = open(os.path.join(DATA, name), 'rb').read()
    file_type = 'P' if name.endswith('.psbt') else 'T'
    for encoding in [None, 'H', '2', 'Z']:
        for max_version in [11, 29, 40]:
            cases.append(record({'file': name}, file_type, raw, encoding, max_version=max_version))

raw = open(os.path.join(DATA, '1in100out.psbt'), 'rb').read()
for min_split in range(2, 10):
    cases.append(record({'file': '1in100out.psbt'}, 'T', raw, '2', min_split=min_split))

for encoding in 'H2Z':
    for size in range(1060, 1080):
        for low in [True, False]:
            cases.append(record({'edge_size': size, 'low_entropy': low}, 'T', edge_data(size, low), encoding,
                                max_split=2, min_version=27, max_version=27))

scan_lines = [ln.strip() for ln in open(os.path.join(DATA, 'real-scan.txt')).readlines() if ln.strip()]
scan_type, scan_data = bbqr.join_qrs(scan_lines)

compression = {}
for name in files:
    raw = open(os.path.join(DATA, name), 'rb').read()
    z = zlib.compressobj(wbits=-10)
    cmp = z.compress(raw) + z.flush()
    compression[name] = {'before': len(raw), 'after': len(cmp), 'sha256': hashlib.sha256(cmp).hexdigest()}

json.dump({
    'source': 'coinkite/BBQr python/bbqr (reference implementation), snapshot d33d7555558a5e5320914a773be62ecf471de482; '
              'inputs: test_data/ of the same snapshot (copied verbatim to test_data/ here, less signed.txn) and edge_data() above',
    'licence': 'Unlicense / public domain (coinkite/BBQr UNLICENSE.md)',
    'generated_by': 'test/vectors/bbqr/generate-reference.py (runs the reference with pyqrcode %s)' % getattr(pyqrcode, '__version__', '1.2.1'),
    'zlib_version': zlib.ZLIB_RUNTIME_VERSION,
    'edge_data': "low_entropy: b'A' * size; otherwise SHA-256(b'bbqr edge' || size u32be || k u32be) for k = 0, 1, ... cut to size",
    'alnum_capacity_L': [pyqrcode.tables.data_capacity[v]['L'][2] for v in range(1, 41)],
    'real_scan': {'file': 'real-scan.txt', 'parts': len(scan_lines), 'file_type': scan_type,
                  'data_length': len(scan_data), 'data_sha256': hashlib.sha256(scan_data).hexdigest()},
    'raw_deflate_wbits10_level_default': compression,
    'splits': cases,
}, sys.stdout, indent=1)
sys.stdout.write('\n')
