package dev.commandeer.reply;

import dev.commandeer.chat.Reply;

/**
 * What a request is answered, or, for a run recorded only with its answer, that an earlier run of
 * the same request holds its key: then nothing was recorded nor sent.
 *
 * @param reply the answer; unused when {@code repeatOf} is set
 * @param repeatOf the earlier run's id, or null
 */
public record Answer(Reply reply, String repeatOf) {

  static Answer of(Reply reply) {
    return new Answer(reply, null);
  }

  public boolean repeated() {
    return repeatOf != null;
  }
}
