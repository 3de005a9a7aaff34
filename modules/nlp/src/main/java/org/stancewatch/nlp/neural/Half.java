package org.stancewatch.nlp.neural;

/** IEEE 754 half precision (fp16) conversion with round-to-nearest-even; Java 17 has no Float.floatToFloat16. */
final class Half {
  private Half() {}

  static short fromFloat(float f) {
    int b = Float.floatToRawIntBits(f);
    int s = (b >>> 16) & 0x8000;
    int e = (b >>> 23) & 0xff;
    int m = b & 0x7fffff;
    if (e == 255) return (short) (s | 0x7c00 | (m != 0 ? 0x200 : 0));
    int he = e - 127 + 15;
    if (he >= 31) return (short) (s | 0x7c00);
    if (he <= 0) {
      if (he < -10) return (short) s;
      m |= 0x800000;
      int shift = 14 - he;
      int hm = m >> shift;
      int rem = m & ((1 << shift) - 1);
      int half = 1 << (shift - 1);
      if (rem > half || (rem == half && (hm & 1) != 0)) hm++;
      return (short) (s | hm);
    }
    int out = s | (he << 10) | (m >> 13);
    int rem = m & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (out & 1) != 0)) out++; // a carry into the exponent is still right
    return (short) out;
  }

  static float toFloat(short h) {
    int s = (h >>> 15) & 1;
    int e = (h >>> 10) & 0x1f;
    int m = h & 0x3ff;
    if (e == 0) return (s == 1 ? -1f : 1f) * m * 0x1p-24f;
    if (e == 31) return m == 0 ? (s == 1 ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY) : Float.NaN;
    return Float.intBitsToFloat((s << 31) | ((e - 15 + 127) << 23) | (m << 13));
  }
}
