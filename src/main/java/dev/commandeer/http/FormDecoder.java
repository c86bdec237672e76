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
 */
final class FormDecoder {

  private FormDecoder() {}

  static Map<String, List<String>> decode(String form) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    if (form.isEmpty()) {
      return fields;
    }
    for (String pair : form.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = unescape(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : unescape(pair.substring(eq + 1));
      fields.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
    }
    return fields;
  }

  private static String unescape(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    ByteBuffer bytes = ByteBuffer.allocate(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.put((byte) ' ');
      } else if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new BadRequest("malformed form encoding: incomplete percent escape");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new BadRequest("malformed form encoding: invalid percent escape");
        }
        bytes.put((byte) (hi << 4 | lo));
        i += 2;
      } else if (c < 0x80) {
        bytes.put((byte) c);
      } else {
        throw new BadRequest("malformed form encoding: unescaped non-ASCII character");
      }
    }
    bytes.flip();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadRequest("malformed form encoding: not valid UTF-8");
    }
  }
}
