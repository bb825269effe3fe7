package org.tongfa.console.editor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tongfa.console.ConsoleTestSupport;

/** The store of unsaved editor forms: one per person and item, replaced by the next, gone once cleared. */
class AutosaveStoreTest extends ConsoleTestSupport {

    @Autowired
    AutosaveStore store;

    @Test
    void aPersonsUnsavedFormIsKeptPerItemReplacedByTheNextAndClearedOnSave() {
        String item = "9f1b2c3d-0000-4000-8000-00000000a5a5";
        store.save("autosave-a", item, Map.of("title", List.of("第一稿")));
        store.save("autosave-a", item, Map.of("title", List.of("第二稿"), "channels", List.of("website", "display")));
        store.save("autosave-b", item, Map.of("title", List.of("别人的")));
        store.save("autosave-a", AutosaveStore.NEW, Map.of("title", List.of("新稿")));

        AutosaveStore.Autosave mine = store.find("autosave-a", item).orElseThrow();
        assertThat(mine.form()).containsEntry("title", List.of("第二稿")).containsEntry("channels", List.of("website", "display"));
        assertThat(mine.savedAt()).isNotNull();
        assertThat(store.find("autosave-b", item).orElseThrow().form()).containsEntry("title", List.of("别人的"));
        assertThat(store.find("autosave-a", AutosaveStore.NEW).orElseThrow().form()).containsEntry("title", List.of("新稿"));

        store.clear("autosave-a", item);

        assertThat(store.find("autosave-a", item)).isEmpty();
        assertThat(store.find("autosave-b", item)).isPresent();
        assertThat(store.find("autosave-a", AutosaveStore.NEW)).isPresent();
    }
}
