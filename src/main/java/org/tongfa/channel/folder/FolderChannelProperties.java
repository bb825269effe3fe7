package org.tongfa.channel.folder;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;

/**
 * Settings of a {@code folder} channel, {@code tongfa.channels.<id>.*}.
 *
 * @param directory the drop folder; created if missing, must be writable
 */
record FolderChannelProperties(@NotNull Path directory) {
}
