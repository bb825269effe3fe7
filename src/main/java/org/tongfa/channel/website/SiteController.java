package org.tongfa.channel.website;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tongfa.delivery.ChannelRegistry;

/**
 * Serves the website channel's current site publicly at {@code /site/}, as any static web server
 * would, plus one rule a plain file server lacks: a retracted item's page answers {@code 410 Gone}
 * with its withdrawn notice (已撤回). A request served while the site is swapped gets the page of the
 * old build or of the new one, never an error.
 */
@RestController
class SiteController {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SiteController.class);
    /** More swaps than this during one request means renderings follow each other faster than a file is read. */
    private static final int SWAPS_TOLERATED = 5;
    private static final Pattern ITEM = Pattern.compile("((?:elder/)?)items/([A-Za-z0-9-]{1,64})\\.html");

    private final Supplier<Optional<WebsiteChannel>> serving;

    /**
     * Serves the running website channel; at most one runs (WebsiteChannelFactory#onePerService). The
     * registry is complete before this controller exists and never changes, so it is asked once.
     */
    @Autowired
    SiteController(ChannelRegistry registry) {
        this(constant(registry.enabled(WebsiteChannel.class).stream().findFirst()));
    }

    private static Supplier<Optional<WebsiteChannel>> constant(Optional<WebsiteChannel> site) {
        return () -> site;
    }

    SiteController(Supplier<Optional<WebsiteChannel>> serving) {
        this.serving = serving;
    }

    @GetMapping("/site")
    ResponseEntity<byte[]> root() {
        return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY).header(HttpHeaders.LOCATION, "/site/").build();
    }

    @GetMapping("/site/**")
    ResponseEntity<byte[]> page(HttpServletRequest request) throws IOException {
        Optional<WebsiteChannel> channel = serving.get();
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
        // The site is swapped in whole by renaming the link 'current'. Each attempt resolves the link once and
        // reads from that one build only, so a swap between looking and reading cannot mix two builds; a build
        // removed while it was being read (two swaps during one request) is looked up again.
        for (int attempt = 0; attempt < SWAPS_TOLERATED; attempt++) {
            Path build;
            try {
                build = site.toRealPath();
            } catch (NoSuchFileException e) {
                return notFound();
            }
            try {
                Optional<ResponseEntity<byte[]>> answer = fromBuild(build, path);
                if (answer.isPresent()) {
                    return answer.get();
                }
                if (Files.isDirectory(build)) {
                    return notFound(); // not in a complete build that is still there: it does not exist
                }
            } catch (NoSuchFileException removed) {
                // the build went away between looking and reading: resolve 'current' again
            }
        }
        log.warn("Site page {} not served: the site was swapped {} times during the request", path, SWAPS_TOLERATED);
        return notFound();
    }

    /** The page from one build: the file, a retracted item's withdrawn notice (410), or empty. */
    private static Optional<ResponseEntity<byte[]>> fromBuild(Path build, String path) throws IOException {
        Path file = build.resolve(path).normalize();
        if (file.startsWith(build) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(file(HttpStatus.OK, file));
        }
        Matcher item = ITEM.matcher(path);
        if (item.matches()) {
            Path withdrawn = build.resolve(item.group(1) + "withdrawn/" + item.group(2) + ".html");
            if (Files.isRegularFile(withdrawn, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(file(HttpStatus.GONE, withdrawn));
            }
        }
        return Optional.empty();
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
