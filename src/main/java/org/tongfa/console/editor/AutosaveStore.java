package org.tongfa.console.editor;

import static org.tongfa.common.SqlTimestamps.instant;
import static org.tongfa.common.SqlTimestamps.ts;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person's unsaved editor form, one per person and item ({@link #NEW} for an item not yet created),
 * in {@code console_autosave}. It is not a version: nobody else sees it, and saving the item clears it.
 */
@Repository
class AutosaveStore {

    /** The key of the form of an item not created yet. */
    static final String NEW = "new";

    private static final TypeReference<Map<String, List<String>>> FORM = new TypeReference<>() { };

    /** One stored form: its fields as posted and when. */
    record Autosave(Map<String, List<String>> form, Instant savedAt) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    AutosaveStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Keeps {@code form} as this person's unsaved form of the item, replacing the one before; returns its time. */
    @Transactional
    Instant save(String login, String itemKey, Map<String, List<String>> form) {
        Instant now = clock.instant();
        String text = json.writeValueAsString(form);
        int updated = jdbc.sql("UPDATE console_autosave SET form_json = :form, saved_at = :at "
                        + "WHERE login = :login AND item_key = :item")
                .param("form", text).param("at", ts(now)).param("login", login).param("item", itemKey).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO console_autosave (login, item_key, form_json, saved_at) VALUES (:login, :item, :form, :at)")
                    .param("login", login).param("item", itemKey).param("form", text).param("at", ts(now)).update();
        }
        return now;
    }

    Optional<Autosave> find(String login, String itemKey) {
        return jdbc.sql("SELECT form_json, saved_at FROM console_autosave WHERE login = :login AND item_key = :item")
                .param("login", login).param("item", itemKey)
                .query((rs, n) -> new Autosave(json.readValue(rs.getString("form_json"), FORM), instant(rs, "saved_at")))
                .optional();
    }

    void clear(String login, String itemKey) {
        jdbc.sql("DELETE FROM console_autosave WHERE login = :login AND item_key = :item")
                .param("login", login).param("item", itemKey).update();
    }
}
