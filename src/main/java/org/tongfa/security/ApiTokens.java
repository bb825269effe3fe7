package org.tongfa.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.tongfa.common.Sha256;
import org.tongfa.config.InvalidConfigurationException;
import org.tongfa.config.TongfaProperties;

/**
 * The API's configured bearer tokens, from {@code tongfa.api.tokens.<name>} (set from the environment in
 * real deployments): service accounts such as a CMS import job. With none configured, a random token is
 * generated once into {@code <data-directory>/api-token} (created readable by its owner only), so the
 * service runs with no set-up and still never accepts anonymous calls.
 *
 * <p>Only the SHA-256 of each token is kept in memory, and a presented token is compared with every one
 * of them in constant time. A matching token authenticates as the service principal named after the
 * token's key (the name recorded as the actor of what it changes), holding the roles configured beside
 * it in {@code tongfa.api.token-roles.<name>} on the columns of {@code tongfa.api.token-columns.<name>}
 * (none: every column), or, with no roles configured, {@link Roles#SERVICE_ROLES} on every column. An
 * unknown role or column, or roles for a name that has no token, stops start-up naming the key. Tokens
 * are never logged.
 */
@Component
@Order(1)
public class ApiTokens implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);

    private final Map<String, byte[]> hashes = new LinkedHashMap<>();
    private final Map<String, Caller> callers = new LinkedHashMap<>();

    public ApiTokens(TongfaProperties properties) throws IOException {
        TongfaProperties.Api api = properties.api();
        api.tokens().forEach((name, token) -> {
            if (token != null && !token.isBlank()) {
                hashes.put(name, Sha256.digest(token.strip()));
            }
        });
        if (hashes.isEmpty()) {
            Path file = properties.dataDirectory().resolve("api-token");
            hashes.put("local", Sha256.digest(PrivateFiles.generatedSecret(file, 32, 1)));
            log.warn("No API token configured (tongfa.api.tokens.*); using the generated token in {}", file.toAbsolutePath());
        }
        checkNamed(api.tokenRoles(), "tongfa.api.token-roles.");
        checkNamed(api.tokenColumns(), "tongfa.api.token-columns.");
        for (String name : hashes.keySet()) {
            callers.put(name, caller(name, api, properties.columns().keySet()));
        }
    }

    /** Roles or columns configured for a token name that has no token are a mistake in the name. */
    private void checkNamed(Map<String, List<String>> settings, String prefix) {
        for (String name : settings.keySet()) {
            if (!hashes.containsKey(name)) {
                throw new InvalidConfigurationException(prefix + name,
                        "there is no token tongfa.api.tokens." + name + " (configured tokens: " + hashes.keySet() + ")");
            }
        }
    }

    private static Caller caller(String name, TongfaProperties.Api api, Set<String> knownColumns) {
        List<String> roleNames = api.tokenRoles().getOrDefault(name, List.of());
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (int i = 0; i < roleNames.size(); i++) {
            String role = roleNames.get(i).strip();
            try {
                roles.add(Role.valueOf(role));
            } catch (IllegalArgumentException unknown) {
                throw new InvalidConfigurationException("tongfa.api.token-roles." + name + "[" + i + "]",
                        "unknown role '" + role + "'; roles: " + java.util.Arrays.toString(Role.values()));
            }
        }
        if (roles.isEmpty()) {
            roles.addAll(Roles.SERVICE_ROLES);
        }
        List<String> columns = api.tokenColumns().getOrDefault(name, List.of()).stream().map(String::strip).toList();
        for (int i = 0; i < columns.size(); i++) {
            if (!knownColumns.contains(columns.get(i))) {
                throw new InvalidConfigurationException("tongfa.api.token-columns." + name + "[" + i + "]",
                        "unknown column '" + columns.get(i) + "'; columns: " + knownColumns);
            }
        }
        Map<Role, Set<String>> grants = new EnumMap<>(Role.class);
        roles.forEach(role -> grants.put(role, Set.copyOf(columns)));
        return new Caller(name, name, null, grants);
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
        return nameOf(presented).<Authentication>map(name -> new ServicePrincipal(callers.get(name)))
                .orElseThrow(() -> new BadCredentialsException("the API token is not valid"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerToken.class.isAssignableFrom(authentication);
    }
}
