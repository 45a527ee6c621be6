#!/usr/bin/env python3
"""
Writes bbqr-reference-splits.json: the parts that Coinkite's reference Python implementation of BBQr
(coinkite/BBQr python/bbqr, snapshot d33d7555558a5e5320914a773be62ecf471de482) makes of the files in
bbqr-test-data/ (that repository's test_data/, verbatim) and of deterministic edge-case inputs, with the
parameters of the reference's own tests (python/tests/test_loopback.py).

Usage: python3 bbqr-generate-reference.py PATH_TO/BBQr/python > bbqr-reference-splits.json

The reference asks pyqrcode only for the alphanumeric capacity of a version at ECC level L; that table
(ISO/IEC 18004 Table 7) is given here instead, so pyqrcode need not be installed. zlib is the interpreter's
(1.2.13 when the file was written).
"""
import hashlib, json, os, sys, types, zlib

# Alphanumeric characters per QR version at ECC level L (ISO/IEC 18004 Table 7).
ALNUM_L = [25, 47, 77, 114, 154, 195, 224, 279, 335, 395, 468, 535, 619, 667, 758, 854, 938, 1046, 1153, 1249,
           1352, 1460, 1588, 1704, 1853, 1990, 2132, 2223, 2369, 2520, 2677, 2840, 3009, 3183, 3351, 3537, 3729,
           3927, 4087, 4296]

shim = types.ModuleType('pyqrcode')
shim.tables = types.SimpleNamespace(data_capacity={v: {'L': {2: ALNUM_L[v - 1]}} for v in range(1, 41)})
sys.modules['pyqrcode'] = shim
sys.path.insert(0, sys.argv[1])
import bbqr  # noqa: E402  (the reference, from the path given)

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, 'bbqr-test-data')
FULL_PARTS_UP_TO = 1500  # characters; larger series are pinned by their SHA-256


def edge_data(size, low_entropy):
    """Deterministic stand-in for the reference's os.urandom: SHA-256('bbqr edge' || size || k) blocks."""
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
              'inputs: test_data/ of the same snapshot (copied verbatim to bbqr-test-data/) and edge_data() above',
    'licence': 'Unlicense / public domain (coinkite/BBQr UNLICENSE.md)',
    'generated_by': 'test/vectors/bbqr-generate-reference.py (runs the reference; pyqrcode replaced by the ALNUM_L table)',
    'zlib_version': zlib.ZLIB_RUNTIME_VERSION,
    'edge_data': "low_entropy: b'A' * size; otherwise SHA-256(b'bbqr edge' || size u32be || k u32be) for k = 0, 1, ... cut to size",
    'alnum_capacity_L': ALNUM_L,
    'real_scan': {'file': 'real-scan.txt', 'parts': len(scan_lines), 'file_type': scan_type,
                  'data_length': len(scan_data), 'data_sha256': hashlib.sha256(scan_data).hexdigest()},
    'raw_deflate_wbits10_level_default': compression,
    'splits': cases,
}, sys.stdout, indent=1)
sys.stdout.write('\n')
