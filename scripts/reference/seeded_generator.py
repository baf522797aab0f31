"""Independent reference for HyperplanCore.SeededGenerator (xoshiro256** seeded by SHA-256).

The state is SHA-256(seed as 8 little-endian bytes || key as UTF-8), read as four little-endian
64-bit words; outputs follow Blackman and Vigna's xoshiro256** reference. Prints the first five
outputs for the cases pinned in Tests/HyperplanCoreTests/SeededGeneratorTests.swift.

    python3 scripts/reference/seeded_generator.py
"""
import hashlib
import struct

MASK = (1 << 64) - 1


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


def outputs(seed, key, count=5):
    digest = hashlib.sha256(struct.pack("<Q", seed) + key.encode()).digest()
    s = [int.from_bytes(digest[i * 8:(i + 1) * 8], "little") for i in range(4)]
    result = []
    for _ in range(count):
        value = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        result.append(value)
    return result


if __name__ == "__main__":
    for seed, key in [(7, "search/random/0"), (0, "")]:
        values = outputs(seed, key)
        print(f"seed={seed} key={key!r}: {values}")
        print(f"  unit interval: {[(v >> 11) * 2.0 ** -53 for v in values[:2]]}")
