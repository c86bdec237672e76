package dev.commandeer.command;

/** Text that cannot become a command; the message is written for the person who typed it. */
public final class CommandException extends RuntimeException {

  public CommandException(String message) {
    super(message);
  }
}
