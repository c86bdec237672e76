package dev.commandeer.exec;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the file a program name refers to, as {@code execvp} would for the program's own
 * environment: a name with a slash is a path (relative to the working directory), a bare name is
 * looked up in the absolute directories of the program's {@code PATH}. Looking it up beforehand
 * turns "no such program" into a clear start error instead of an exit status.
 */
final class ProgramLocator {

  /** The program's absolute path, or why there is none. */
  record Located(Path path, String problem) {}

  private ProgramLocator() {}

  static Located locate(String program, String searchPath, Path cwd) {
    if (program.indexOf('/') >= 0) {
      Path path = cwd == null ? Path.of(program) : cwd.resolve(program);
      return check(path.toAbsolutePath(), program);
    }
    for (String dir : (searchPath == null ? "" : searchPath).split(":")) {
      if (dir.startsWith("/")) {
        Path candidate = Path.of(dir, program);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return new Located(candidate, null);
        }
      }
    }
    return new Located(null, "program '" + program + "' not found on PATH " + searchPath);
  }

  private static Located check(Path path, String program) {
    if (!Files.exists(path)) {
      return new Located(null, "program " + program + " does not exist");
    }
    if (!Files.isRegularFile(path)) {
      return new Located(null, "program " + program + " is not a file");
    }
    if (!Files.isExecutable(path)) {
      return new Located(null, "program " + program + " is not executable");
    }
    return new Located(path, null);
  }
}
