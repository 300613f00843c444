package dev.evalhub.storage;

import java.nio.file.Path;

/**
 * The child JVM of {@link WritersCrossProcessTest}: opens a storage on the data folder {@code
 * args[0]}, prints {@code ready} and holds it until killed.
 */
public final class WriterChild {

  private WriterChild() {}

  /** Entry point; {@code args[0]} is the data folder. */
  public static void main(String[] args) throws InterruptedException {
    Storage storage = Storage.open(Path.of(args[0]), StorageOptions.DEFAULT);
    System.out.println("ready " + storage.dataDir());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
