package org.tongfa.channel.website;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the website channel's current site publicly at {@code /site/}, as any static web server
 * would, plus one rule a plain file server lacks: a retracted item's page answers {@code 410 Gone}
 * with its withdrawn notice (已撤回).
 */
@RestController
class SiteController {

    private static final Pattern ITEM = Pattern.compile("((?:elder/)?)items/([A-Za-z0-9-]{1,64})\\.html");

    private final WebsiteChannelFactory websites;

    SiteController(WebsiteChannelFactory websites) {
        this.websites = websites;
    }

    @GetMapping("/site")
    ResponseEntity<byte[]> root() {
        return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY).header(HttpHeaders.LOCATION, "/site/").build();
    }

    @GetMapping("/site/**")
    ResponseEntity<byte[]> page(HttpServletRequest request) throws IOException {
        Optional<WebsiteChannel> channel = websites.serving();
        Path site = channel.map(WebsiteChannel::site).orElse(null);
        if (site == null) {
            return notFound();
        }
        String path = request.getRequestURI().substring(request.getContextPath().length() + "/site/".length());
        if (path.isEmpty() || path.endsWith("/")) {
            path = path + "index.html";
        }
        if (path.contains("..") || path.contains("\\") || path.startsWith("/")) {
            return notFound();
        }
        Path file = site.resolve(path).normalize();
        if (file.startsWith(site) && Files.isRegularFile(file)) {
            return file(HttpStatus.OK, file);
        }
        Matcher item = ITEM.matcher(path);
        if (item.matches()) {
            Path withdrawn = site.resolve(item.group(1) + "withdrawn/" + item.group(2) + ".html");
            if (Files.isRegularFile(withdrawn)) {
                return file(HttpStatus.GONE, withdrawn);
            }
        }
        return notFound();
    }

    private static ResponseEntity<byte[]> file(HttpStatus status, Path file) throws IOException {
        String name = file.getFileName().toString();
        MediaType type = name.endsWith(".css") ? MediaType.valueOf("text/css;charset=utf-8")
                : MediaType.valueOf("text/html;charset=utf-8");
        return ResponseEntity.status(status).contentType(type)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .body(Files.readAllBytes(file));
    }

    private static ResponseEntity<byte[]> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.valueOf("text/html;charset=utf-8"))
                .body("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>未找到</title></head>"
                        .concat("<body><main><h1>未找到该页面</h1><p><a href=\"/site/\">返回首页</a></p></main></body></html>")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
