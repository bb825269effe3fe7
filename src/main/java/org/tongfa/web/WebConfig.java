package org.tongfa.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shared beans: the clock everything reads time from, and the OpenAPI description. */
@Configuration
public class WebConfig {

    /** Injected everywhere time matters, so tests can move it instead of sleeping. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
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
