package org.tongfa.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tongfa.config.TongfaProperties;

/**
 * The API's bearer tokens, from {@code tongfa.api.tokens.<name>} (set from the environment in real
 * deployments). With none configured, a random token is generated once into
 * {@code <data-directory>/api-token} (readable by its owner only), so the service runs with no set-up
 * and still never accepts anonymous writes. Tokens are never logged.
 */
@Component
public class ApiTokens {

    private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);

    private final Map<String, byte[]> tokens = new LinkedHashMap<>();

    public ApiTokens(TongfaProperties properties) throws IOException {
        properties.api().tokens().forEach((name, token) -> {
            if (token != null && !token.isBlank()) {
                tokens.put(name, token.strip().getBytes(StandardCharsets.UTF_8));
            }
        });
        if (tokens.isEmpty()) {
            Path file = properties.dataDirectory().resolve("api-token");
            tokens.put("local", generatedToken(file).getBytes(StandardCharsets.UTF_8));
            log.warn("No API token configured (tongfa.api.tokens.*); using the generated token in {}", file.toAbsolutePath());
        }
    }

    private static String generatedToken(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String existing = Files.readString(file).strip();
            if (!existing.isEmpty()) {
                return existing;
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.writeString(file, token + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // best effort on file systems without POSIX permissions
        }
        return token;
    }

    /** The name of the token presented, compared in constant time; empty when it matches none. */
    public Optional<String> nameOf(String presented) {
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        String match = null;
        for (Map.Entry<String, byte[]> entry : tokens.entrySet()) {
            if (MessageDigest.isEqual(entry.getValue(), candidate)) {
                match = entry.getKey();
            }
        }
        return Optional.ofNullable(match);
    }
}
