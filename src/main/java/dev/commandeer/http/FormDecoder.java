package dev.commandeer.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes {@code application/x-www-form-urlencoded} text strictly: a malformed percent escape or
 * bytes that are not UTF-8 are errors rather than silently replaced, so a garbled request is
 * answered 400 instead of running a command with mangled arguments. Repeated keys (Mattermost's
 * {@code user_mentions}) keep every value in order.
 *
 * <p>Works on the body's bytes directly: every request passes here, so a field costs its string and
 * nothing else unless it has escapes.
 */
final class FormDecoder {

  private FormDecoder() {}

  /** A form body; it must be ASCII (anything else is escaped in a form). */
  static Map<String, List<String>> decode(byte[] form) {
    for (byte b : form) {
      if (b < 0) {
        throw new BadRequest("malformed form encoding: unescaped non-ASCII byte");
      }
    }
    return fields(form);
  }

  /** A query string. */
  static Map<String, List<String>> decode(String form) {
    for (int i = 0; i < form.length(); i++) {
      if (form.charAt(i) >= 0x80) {
        throw new BadRequest("malformed form encoding: unescaped non-ASCII character");
      }
    }
    return fields(form.getBytes(StandardCharsets.US_ASCII));
  }

  private static Map<String, List<String>> fields(byte[] form) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    int start = 0;
    while (start < form.length) {
      int end = indexOf(form, (byte) '&', start, form.length);
      if (end > start) {
        int eq = indexOf(form, (byte) '=', start, end);
        String key = unescape(form, start, eq);
        String value = eq == end ? "" : unescape(form, eq + 1, end);
        fields.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
      }
      start = end + 1;
    }
    return fields;
  }

  /** The first {@code b} in {@code [from, to)}, or {@code to}. */
  private static int indexOf(byte[] bytes, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return to;
  }

  private static String unescape(byte[] form, int from, int to) {
    int escapes = indexOf(form, (byte) '%', from, to);
    if (escapes == to && indexOf(form, (byte) '+', from, to) == to) {
      return new String(form, from, to - from, StandardCharsets.ISO_8859_1);
    }
    byte[] bytes = new byte[to - from];
    int n = 0;
    boolean ascii = true;
    for (int i = from; i < to; i++) {
      byte c = form[i];
      if (c == '+') {
        bytes[n++] = ' ';
      } else if (c == '%') {
        if (i + 2 >= to) {
          throw new BadRequest("malformed form encoding: incomplete percent escape");
        }
        int hi = Character.digit(form[i + 1], 16);
        int lo = Character.digit(form[i + 2], 16);
        if (hi < 0 || lo < 0) {
          throw new BadRequest("malformed form encoding: invalid percent escape");
        }
        byte decoded = (byte) (hi << 4 | lo);
        ascii &= decoded >= 0;
        bytes[n++] = decoded;
        i += 2;
      } else {
        bytes[n++] = c;
      }
    }
    if (ascii) {
      return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadRequest("malformed form encoding: not valid UTF-8");
    }
  }
}
