package org.tongfa.config;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyCaching;
import org.springframework.boot.context.properties.source.ConfigurationPropertyCaching.CacheOverride;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The one way Tongfa reads its {@code tongfa.*} settings: a subtree of the configuration is bound to
 * a settings record by Spring's {@link Binder} (relaxed names; environment and command-line
 * overrides), the record is validated with Bean Validation, and every failure, of conversion or of a
 * constraint, becomes an {@link InvalidConfigurationException} that names the full key, such as
 * {@code tongfa.channels.nanfang.timeout} or {@code tongfa.screens.lobby.columns[0]}.
 *
 * <p>{@link #bindEach} binds a map of settings objects (the screens) in time linear in the number of
 * properties: Spring's own map binding scans every property name once per list inside every entry,
 * which took minutes for ten thousand screens.
 */
@Component
public final class SettingsBinder {

    private final Iterable<ConfigurationPropertySource> sources;
    private final PlaceholdersResolver placeholders;
    private final Validator validator;
    private final Binder binder;

    /** Over the application's environment, as Spring Boot's own configuration binding sees it. */
    @Autowired
    public SettingsBinder(Environment environment, Validator validator) {
        this(ConfigurationPropertySources.get(environment), new PropertySourcesPlaceholdersResolver(environment),
                validator);
    }

    /**
     * Over the given sources, highest precedence first.
     *
     * @param placeholders resolves {@code ${...}} in values; {@link PlaceholdersResolver#NONE} for none
     */
    public SettingsBinder(Iterable<ConfigurationPropertySource> sources, PlaceholdersResolver placeholders,
            Validator validator) {
        this.sources = sources;
        this.placeholders = placeholders;
        this.validator = validator;
        this.binder = binder(sources);
    }

    private Binder binder(Iterable<ConfigurationPropertySource> from) {
        return new Binder(from, placeholders);
    }

    /**
     * Binds {@code prefix} to {@code type} (its defaults when nothing is set there) and validates it.
     *
     * @throws InvalidConfigurationException naming the key of the first problem
     */
    public <T> T bind(String prefix, Class<T> type) {
        return bind(binder, prefix, type);
    }

    /**
     * Binds every entry of the map at {@code prefix}, each as {@link #bind} would bind
     * {@code prefix.<key>}, in key order; empty when nothing is set there. The entries and their
     * values are those Spring's map binding finds (an entry exists where some source lists a name
     * under its key).
     *
     * @throws InvalidConfigurationException naming the key of the first problem
     */
    public <T> Map<String, T> bindEach(String prefix, Class<T> type) {
        ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
        int depth = root.getNumberOfElements();
        List<ConfigurationPropertySource> all = new ArrayList<>();
        sources.forEach(all::add);
        // One pass over every name: for each source, the names under prefix.<key>, by key, and the
        // keys it lists in their uniform form (what a lookup matches: "lobby-1" finds "LOBBY1").
        List<Map<String, List<ConfigurationPropertyName>>> namesBySource = new ArrayList<>();
        List<Set<String>> uniformKeysBySource = new ArrayList<>();
        Map<String, String> uniformKey = new HashMap<>();
        for (ConfigurationPropertySource source : all) {
            Map<String, List<ConfigurationPropertyName>> byKey = new HashMap<>();
            Set<String> uniform = new HashSet<>();
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().filter(name -> name.getNumberOfElements() > depth && root.isAncestorOf(name))
                        .forEach(name -> {
                            String key = name.getElement(depth, Form.ORIGINAL);
                            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(name);
                            uniform.add(uniformKey.computeIfAbsent(key, k -> name.getElement(depth, Form.UNIFORM)));
                        });
            }
            namesBySource.add(byKey);
            uniformKeysBySource.add(uniform);
        }
        Map<String, T> bound = new TreeMap<>();
        // Each value is looked up in every source; without the cache a mutable source (the system
        // properties) lists all its names again for every lookup. No source changes while we bind.
        try (CacheOverride cached = ConfigurationPropertyCaching.get(all).override()) {
            for (String key : new TreeSet<>(uniformKey.keySet())) {
                List<ConfigurationPropertySource> entrySources = new ArrayList<>(all.size());
                for (int i = 0; i < all.size(); i++) {
                    ConfigurationPropertySource source = all.get(i);
                    if (!(source instanceof IterableConfigurationPropertySource)) {
                        entrySources.add(source);
                    } else if (uniformKeysBySource.get(i).contains(uniformKey.get(key))) {
                        entrySources.add(new EntrySource(source, namesBySource.get(i).getOrDefault(key, List.of())));
                    }
                    // A listing source that lists no name under this entry in any form has no value
                    // for it: leaving it out spares each of the entry's lookups a miss there, which
                    // was about a quarter of the binding's time with ten thousand screens.
                }
                bound.put(key, bind(binder(entrySources), prefix + "." + key, type));
            }
        }
        return bound;
    }

    /**
     * One source as one map entry's binding sees it: the names it lists are those under the entry's
     * key (found in {@link #bindEach}'s one pass), and every value is looked up in the source itself,
     * so precedence, relaxed names, environment variables and origins are exactly Spring's.
     */
    private record EntrySource(ConfigurationPropertySource source, List<ConfigurationPropertyName> names)
            implements IterableConfigurationPropertySource {

        @Override
        public Iterator<ConfigurationPropertyName> iterator() {
            return names.iterator();
        }

        @Override
        public Stream<ConfigurationPropertyName> stream() {
            return names.stream();
        }

        @Override
        public ConfigurationProperty getConfigurationProperty(ConfigurationPropertyName name) {
            return source.getConfigurationProperty(name);
        }

        @Override
        public ConfigurationPropertyState containsDescendantOf(ConfigurationPropertyName name) {
            return source.containsDescendantOf(name);
        }

        @Override
        public Object getUnderlyingSource() {
            return source.getUnderlyingSource();
        }
    }

    private <T> T bind(Binder from, String prefix, Class<T> type) {
        T bound;
        try {
            bound = from.bindOrCreate(prefix, type);
        } catch (BindException e) {
            throw new InvalidConfigurationException(e.getName() == null ? prefix : e.getName().toString(),
                    rootCause(e).getMessage());
        }
        Set<ConstraintViolation<T>> violations = validator.validate(bound);
        if (!violations.isEmpty()) {
            ConstraintViolation<T> first = violations.stream()
                    .min(Comparator.comparing(v -> v.getPropertyPath().toString())).orElseThrow();
            throw new InvalidConfigurationException(key(prefix, first.getPropertyPath()), first.getMessage());
        }
        return bound;
    }

    /** The deepest cause: Spring wraps a conversion failure in two or three layers. */
    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * The configuration key of a violation's property path: {@code channels[archive].concurrency}
     * under {@code tongfa} is {@code tongfa.channels.archive.concurrency}, the second element of a
     * list {@code ...columns[1]}.
     */
    static String key(String prefix, Path path) {
        StringBuilder key = new StringBuilder(prefix);
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                // Bean Validation puts an element's map key or list index on the node below it.
                if (node.getIndex() != null) {
                    key.append('[').append(node.getIndex()).append(']');
                } else if (node.getKey() != null) {
                    key.append('.').append(node.getKey());
                }
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                key.append('.').append(kebab(node.getName()));
            }
        }
        return key.toString();
    }

    /** {@code allowPrivateNetwork} becomes {@code allow-private-network}, the form used in config files. */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
