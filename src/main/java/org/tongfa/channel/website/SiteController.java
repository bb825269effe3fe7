package org.tongfa.channel.website;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tongfa.common.EntityTags;
import org.tongfa.delivery.ChannelRegistry;

/**
 * Serves the website channel's current site publicly at {@code /site/}, as any static web server
 * would, plus one rule a plain file server lacks: a retracted item's page answers {@code 410 Gone}
 * with its withdrawn notice (已撤回), and a path that does not exist answers {@code 404} with the
 * site's own 404 page in the mode asked for. A request served while the site is swapped gets the page of the
 * old build or of the new one, never an error. A page found carries a strong {@code ETag} made of its
 * bytes ({@link EntityTags}), the same on every node, and {@code If-None-Match} with it answers {@code 304}.
 */
@RestController
class SiteController {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SiteController.class);
    /** More swaps than this during one request means renderings follow each other faster than a file is read. */
    private static final int SWAPS_TOLERATED = 5;
    private static final Pattern ITEM = Pattern.compile("((?:elder/|hant/)?)items/([A-Za-z0-9-]{1,64})\\.html");

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

    /**
     * A file of the current build, written to the response as it is. Deliberately not a
     * {@code ResponseEntity}: Spring MVC's message converters add {@code Content-Disposition:
     * inline;filename=f.txt} (their guard against reflected file downloads) to every body whose URL
     * ends in an extension they do not know, such as {@code .html} and {@code .css}; these are files
     * whose type this controller sets itself.
     */
    @GetMapping("/site/**")
    void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length() + "/site/".length());
        Answer answer = answer(path);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        if (answer.status() == HttpStatus.OK) {
            // A digest of the bytes, never of anything node-local (build directory, file time): every node
            // rendering the same store gives a page the same tag, so a cache in front of them keeps it.
            String etag = EntityTags.of(answer.body());
            response.setHeader(HttpHeaders.ETAG, etag);
            if (EntityTags.matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
        }
        response.setStatus(answer.status().value());
        response.setContentType(answer.type());
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }

    /** What the site answers for {@code path} (relative to {@code /site/}). */
    record Answer(HttpStatus status, String type, byte[] body) {
    }

    Answer answer(String requested) throws IOException {
        Optional<WebsiteChannel> channel = serving.get();
        Path site = channel.map(WebsiteChannel::site).orElse(null);
        String path = requested.isEmpty() || requested.endsWith("/") ? requested + SitePaths.HOME : requested;
        if (site == null || path.contains("..") || path.contains("\\") || path.startsWith("/")) {
            return notFound(site, path);
        }
        // The site is swapped in whole by renaming the link 'current'. Each attempt resolves the link once and
        // reads from that one build only, so a swap between looking and reading cannot mix two builds; a build
        // removed while it was being read (two swaps during one request) is looked up again.
        for (int attempt = 0; attempt < SWAPS_TOLERATED; attempt++) {
            Path build;
            try {
                build = site.toRealPath();
            } catch (NoSuchFileException e) {
                return notFound(null, path);
            }
            try {
                Optional<Answer> answer = fromBuild(build, path);
                if (answer.isPresent()) {
                    return answer.get();
                }
                if (Files.isDirectory(build)) {
                    // not in a complete build that is still there: it does not exist
                    return notFound(build, path);
                }
            } catch (NoSuchFileException removed) {
                // the build went away between looking and reading: resolve 'current' again
            }
        }
        log.warn("Site page {} not served: the site was swapped {} times during the request", path, SWAPS_TOLERATED);
        return notFound(null, path);
    }

    /** The page from one build: the file, a retracted item's withdrawn notice (410), or empty. */
    private static Optional<Answer> fromBuild(Path build, String path) throws IOException {
        Path file = build.resolve(path).normalize();
        if (file.startsWith(build) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(file(HttpStatus.OK, file));
        }
        Matcher item = ITEM.matcher(path);
        if (item.matches()) {
            Path withdrawn = build.resolve(item.group(1) + SitePaths.withdrawn(item.group(2)));
            if (Files.isRegularFile(withdrawn, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(file(HttpStatus.GONE, withdrawn));
            }
        }
        return Optional.empty();
    }

    private static Answer file(HttpStatus status, Path file) throws IOException {
        return new Answer(status, type(file.getFileName().toString()), Files.readAllBytes(file));
    }

    private static String type(String name) {
        if (name.endsWith(".css")) {
            return "text/css;charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript;charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return HTML;
    }

    /**
     * The build's 404 page in the mode the path asked for, with the site's navigation; a bare page only
     * before the first rendering (or when the build went away meanwhile).
     */
    private static Answer notFound(Path build, String path) {
        if (build != null) {
            Matcher mode = MODE.matcher(path);
            Path page = build.resolve((mode.lookingAt() ? mode.group() : "") + SitePaths.NOT_FOUND);
            try {
                if (Files.isRegularFile(page, LinkOption.NOFOLLOW_LINKS)) {
                    return new Answer(HttpStatus.NOT_FOUND, HTML, Files.readAllBytes(page));
                }
            } catch (IOException e) {
                // removed while read: the bare page will do
            }
        }
        return new Answer(HttpStatus.NOT_FOUND, HTML, BARE_NOT_FOUND);
    }

    private static final String HTML = "text/html;charset=utf-8";
    private static final Pattern MODE = Pattern.compile("(elder|hant)/");
    private static final byte[] BARE_NOT_FOUND = ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            + "<title>未找到该页面</title></head><body><main><h1>未找到该页面</h1><p><a href=\"/site/\">返回首页</a></p>"
            + "</main></body></html>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
}
