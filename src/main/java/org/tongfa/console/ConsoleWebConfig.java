package org.tongfa.console;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console's static files: its own style sheet and script ({@code classpath:/console/assets/}) and the
 * browser libraries from their WebJars (htmx, its SSE extension, Quill), whose paths carry their version
 * and so may be cached for a year. Nothing else is served from the class path
 * ({@code spring.web.resources.add-mappings: false}).
 */
@Configuration
class ConsoleWebConfig implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/console/assets/**").addResourceLocations("classpath:/console/assets/")
                .setCacheControl(CacheControl.noCache());
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
    }
}
