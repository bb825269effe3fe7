package org.tongfa.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.servlet.MultipartConfigElement;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tongfa.config.TongfaProperties;

/**
 * Shared beans: the clock everything reads time from, the OpenAPI description, and the multipart
 * parser's limits.
 */
@Configuration
public class WebConfig {

    /** Injected everywhere time matters, so tests can move it instead of sleeping. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The servlet container's multipart limits, derived from {@code tongfa.assets.max-size} so that the
     * upload limit is set in one place (this replaces {@code spring.servlet.multipart.max-*}): one file of
     * that size, one request of that plus its framing, the same figure {@link BodyLimitFilter} checks a
     * declared length against. Parts are streamed to temporary files, never held whole in memory.
     */
    @Bean
    MultipartConfigElement multipartConfigElement(TongfaProperties properties) {
        long file = properties.assets().maxSize().toBytes();
        return new MultipartConfigElement("", file, BodyLimitFilter.uploadLimit(properties), 0);
    }

    @Bean
    OpenAPI tongfaOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Tongfa (统发) publishing API").version("v1")
                        .description("Write an item once; Tongfa delivers it to every channel and keeps a ledger "
                                + "of each delivery. Errors are application/problem+json naming each bad field."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
