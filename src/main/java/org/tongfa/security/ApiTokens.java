package org.tongfa.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.tongfa.common.Sha256;
import org.tongfa.config.TongfaProperties;

/**
 * The API's configured bearer tokens, from {@code tongfa.api.tokens.<name>} (set from the environment in
 * real deployments). With none configured, a random token is generated once into
 * {@code <data-directory>/api-token} (created readable by its owner only), so the service runs with no
 * set-up and still never accepts anonymous calls.
 *
 * <p>Only the SHA-256 of each token is kept in memory, and a presented token is compared with every one
 * of them in constant time. A matching token authenticates as the service principal named after the
 * token's key (the name recorded as the actor of what it changes), holding {@link Roles#SERVICE_ROLES} on every column.
 * Tokens are never logged.
 */
@Component
public class ApiTokens implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);

    private final Map<String, byte[]> hashes = new LinkedHashMap<>();

    public ApiTokens(TongfaProperties properties) throws IOException {
        properties.api().tokens().forEach((name, token) -> {
            if (token != null && !token.isBlank()) {
                hashes.put(name, Sha256.digest(token.strip()));
            }
        });
        if (hashes.isEmpty()) {
            Path file = properties.dataDirectory().resolve("api-token");
            hashes.put("local", Sha256.digest(PrivateFiles.generatedSecret(file, 32, 1)));
            log.warn("No API token configured (tongfa.api.tokens.*); using the generated token in {}", file.toAbsolutePath());
        }
    }

    /**
     * The name of the token presented; empty when it matches none. Every configured token is compared,
     * in constant time over equal-length digests, so the time taken says nothing about which one nearly
     * matched.
     */
    public Optional<String> nameOf(String presented) {
        byte[] candidate = Sha256.digest(presented.strip());
        String match = null;
        for (Map.Entry<String, byte[]> entry : hashes.entrySet()) {
            if (MessageDigest.isEqual(entry.getValue(), candidate) && match == null) {
                match = entry.getKey();
            }
        }
        return Optional.ofNullable(match);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String presented = ((BearerToken) authentication).token();
        return nameOf(presented).<Authentication>map(name -> new ServicePrincipal(Caller.everywhere(name, name, Roles.SERVICE_ROLES)))
                .orElseThrow(() -> new BadCredentialsException("the API token is not valid"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerToken.class.isAssignableFrom(authentication);
    }
}
