package org.tongfa.channel.folder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;
import org.tongfa.delivery.Channel;
import org.tongfa.delivery.ChannelConfig;
import org.tongfa.delivery.ChannelFactory;
import tools.jackson.databind.json.JsonMapper;

/** Builds {@code folder} channels: drop folders that portals and archives import from. */
@Component
public class FolderChannelFactory implements ChannelFactory {

    private final JsonMapper json;

    public FolderChannelFactory(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String type() {
        return "folder";
    }

    @Override
    public Channel create(ChannelConfig config) {
        FolderChannelProperties settings = config.bind(FolderChannelProperties.class);
        Path directory = settings.directory().toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory.resolve(FolderChannel.INCOMING));
        } catch (IOException e) {
            throw config.problem("directory", "cannot create " + directory + ": " + e.getMessage());
        }
        if (!Files.isWritable(directory)) {
            throw config.problem("directory", directory + " is not writable");
        }
        return new FolderChannel(config.channelId(), directory, json);
    }
}
