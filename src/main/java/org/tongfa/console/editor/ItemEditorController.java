package org.tongfa.console.editor;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.tongfa.console.CheckFindings;
import org.tongfa.console.ConsoleLabels;
import org.tongfa.asset.Asset;
import org.tongfa.asset.AssetStore;
import org.tongfa.config.TongfaProperties;
import org.tongfa.console.ConsoleTimes;
import org.tongfa.console.FormErrors;
import org.tongfa.item.DisclosureType;
import org.tongfa.item.DocumentType;
import org.tongfa.item.ItemRefusal;
import org.tongfa.item.ItemRefusalAnswers;
import org.tongfa.item.ItemRequest;
import org.tongfa.item.ItemService;
import org.tongfa.item.ItemView;
import org.tongfa.item.Priority;
import org.tongfa.item.RelationType;
import org.tongfa.item.ReviewDesk;
import org.tongfa.item.ValidityStatus;
import org.tongfa.security.Caller;
import org.tongfa.web.ProblemHandler;

/**
 * The item editor (编辑): {@code GET /console/items/new} and {@code GET /console/items/{id}} show the form;
 * {@code POST /console/items} creates the item and {@code POST /console/items/{id}} saves a new version, as
 * {@code POST} and {@code PUT /api/v1/items/{id}} do (the same Bean Validation, then {@link ItemService}
 * with the signed-in caller); {@code POST /console/items/{id}/submit} submits it for review as the API's
 * submit does. A refusal shows the form again as it was sent, each problem in Chinese beside its field.
 * Autosave keeps a person's unsaved form ({@link AutosaveStore}); image upload stores through the same
 * {@link AssetStore} as {@code POST /api/v1/assets} and requires a text alternative.
 */
@Controller
@RequestMapping("/console/items")
class ItemEditorController {

    // Literal paths (/new, /images, /picker) win over the variable, as Spring MVC matches them.
    private static final String ID = "/{id}";

    private final ItemService items;
    private final ReviewDesk review;
    private final AutosaveStore autosaves;
    private final EditorChannels channels;
    private final TongfaProperties properties;
    private final ConsoleTimes times;
    private final Validator validator;
    private final AssetStore assets;

    ItemEditorController(ItemService items, ReviewDesk review, AutosaveStore autosaves, EditorChannels channels,
            TongfaProperties properties, ConsoleTimes times, Validator validator, AssetStore assets) {
        this.items = items;
        this.review = review;
        this.autosaves = autosaves;
        this.channels = channels;
        this.properties = properties;
        this.times = times;
        this.validator = validator;
        this.assets = assets;
    }

    @GetMapping("/new")
    String create(@RequestParam(required = false) String restore, Model model) {
        Caller caller = Caller.current().orElseThrow();
        Optional<AutosaveStore.Autosave> autosave = autosaves.find(caller.login(), AutosaveStore.NEW);
        ItemForm form = restore != null && autosave.isPresent() ? ItemForm.of(autosave.get().form()) : ItemForm.blank();
        return editor(model, null, form, FormErrors.none(), restore == null ? autosave.orElse(null) : null);
    }

    @GetMapping(ID)
    String edit(@PathVariable String id, @RequestParam(required = false) String restore,
            @RequestParam(required = false) String saved, @RequestParam(required = false) String submitted,
            @RequestParam(required = false) String published, Model model, HttpServletResponse response) {
        ItemView item;
        try {
            item = items.get(id);
        } catch (ItemRefusal missing) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "console/editor/missing";
        }
        Caller caller = Caller.current().orElseThrow();
        Optional<AutosaveStore.Autosave> autosave = autosaves.find(caller.login(), id)
                .filter(a -> a.savedAt().isAfter(item.updatedAt()));
        ItemForm form = restore != null && autosave.isPresent() ? ItemForm.of(autosave.get().form())
                : ItemForm.of(item, times, columnChannels(item.column()));
        model.addAttribute("saved", saved != null);
        model.addAttribute("submitted", submitted != null);
        model.addAttribute("published", published != null);
        if (saved != null) {
            // On save the drafter sees what the pre-publish checks will say at submission (never blocking the save).
            showChecks(model, id);
        }
        return editor(model, item, form, FormErrors.none(), restore == null ? autosave.orElse(null) : null);
    }

    @PostMapping
    String createItem(@RequestParam MultiValueMap<String, String> params, Model model) {
        Caller caller = Caller.current().orElseThrow();
        ItemForm form = ItemForm.of(params);
        FormErrors errors = FormErrors.none();
        ItemRequest request = checked(form, errors);
        if (errors.isEmpty()) {
            try {
                ItemView created = items.create(request, caller);
                autosaves.clear(caller.login(), AutosaveStore.NEW);
                return "redirect:/console/items/" + created.id() + "?saved";
            } catch (ItemRefusal refusal) {
                errors = refused(refusal);
            }
        }
        return editor(model, null, form, errors, null);
    }

    @PostMapping(ID)
    String update(@PathVariable String id, @RequestParam MultiValueMap<String, String> params, Model model,
            HttpServletResponse response) {
        Caller caller = Caller.current().orElseThrow();
        ItemForm form = ItemForm.of(params);
        FormErrors errors = FormErrors.none();
        ItemRequest request = checked(form, errors);
        if (errors.isEmpty()) {
            try {
                items.update(id, request, caller);
                autosaves.clear(caller.login(), id);
                return "redirect:/console/items/" + id + "?saved";
            } catch (ItemRefusal refusal) {
                errors = refused(refusal);
            }
        }
        ItemView item;
        try {
            item = items.get(id);
        } catch (ItemRefusal missing) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "console/editor/missing";
        }
        return editor(model, item, form, errors, null);
    }

    @PostMapping(ID + "/submit")
    String submit(@PathVariable String id, @RequestParam(required = false) Integer version, Model model,
            HttpServletResponse response) {
        Caller caller = Caller.current().orElseThrow();
        try {
            review.submit(id, version, caller);
            return "redirect:/console/items/" + id + "?submitted";
        } catch (ItemRefusal refusal) {
            return refusedAction(id, refusal, model, response);
        }
    }

    /**
     * Releases an approved (signed) item now, as {@code POST /api/v1/items/{id}/publish} without a time does
     * (its own 定时发布时间, when set, schedules it instead): the one console page that offers the release.
     */
    @PostMapping(ID + "/publish")
    String publish(@PathVariable String id, Model model, HttpServletResponse response) {
        Caller caller = Caller.current().orElseThrow();
        try {
            items.publish(id, null, caller);
            return "redirect:/console/items/" + id + "?published";
        } catch (ItemRefusal refusal) {
            return refusedAction(id, refusal, model, response);
        }
    }

    /** Keeps the person's unsaved form of an item; answers with the time it was kept. */
    @PostMapping(ID + "/autosave")
    @ResponseBody
    Map<String, String> autosave(@PathVariable String id, @RequestParam MultiValueMap<String, String> params) {
        return keep(id, params);
    }

    /** Keeps the person's unsaved form of a new item. */
    @PostMapping("/new/autosave")
    @ResponseBody
    Map<String, String> autosaveNew(@RequestParam MultiValueMap<String, String> params) {
        return keep(AutosaveStore.NEW, params);
    }

    private Map<String, String> keep(String key, MultiValueMap<String, String> params) {
        Map<String, List<String>> form = new LinkedHashMap<>(params);
        form.remove("_csrf");
        Caller caller = Caller.current().orElseThrow();
        return Map.of("savedAt", times.minute(autosaves.save(caller.login(), key, form)));
    }

    /**
     * An image for the body or the cover, stored as {@code POST /api/v1/assets} stores it (the same size and
     * type checks). Refused without a text alternative: every image in an item must say what it shows.
     */
    @PostMapping(path = "/images", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, String>> image(@RequestParam(required = false) MultipartFile file,
            @RequestParam(required = false) String alt) throws IOException {
        if (alt == null || alt.isBlank()) {
            return imageRefusal(HttpStatus.BAD_REQUEST, "alt",
                    "请填写替代文字：用一句话说明图片的内容，供读屏软件朗读。没有替代文字的图片不能插入。");
        }
        if (file == null || file.isEmpty()) {
            return imageRefusal(HttpStatus.BAD_REQUEST, "file", "请选择要上传的图片文件（PNG、JPEG 或 GIF）。");
        }
        if (file.getSize() > properties.assets().maxSize().toBytes()) {
            return imageRefusal(HttpStatus.CONTENT_TOO_LARGE, "file",
                    "图片过大：不能超过 " + properties.assets().maxSize().toMegabytes() + " MB。");
        }
        Asset asset;
        try {
            asset = assets.store(file.getBytes(), file.getOriginalFilename(), Caller.current().orElseThrow().login());
        } catch (IllegalArgumentException notAnImage) {
            return imageRefusal(HttpStatus.UNPROCESSABLE_CONTENT, "file",
                    "无法使用这个文件：只接受 PNG、JPEG 或 GIF 图片，且尺寸不能过大（" + notAnImage.getMessage() + "）。");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", asset.id(), "src", asset.path(),
                "alt", alt.strip()));
    }

    private static ResponseEntity<Map<String, String>> imageRefusal(HttpStatus status, String field, String message) {
        return ResponseEntity.status(status).body(Map.of("field", field, "message", message));
    }

    // ---- the form -------------------------------------------------------------------------------------

    /**
     * The form's request, checked as the API checks a request body before the service sees it (Bean
     * Validation of {@link ItemRequest}); every problem goes into {@code errors} under the API's field path.
     */
    private ItemRequest checked(ItemForm form, FormErrors errors) {
        ItemRequest request = form.toRequest(errors, channels.ids());
        List<String[]> problems = new ArrayList<>();
        for (ConstraintViolation<ItemRequest> violation : validator.validate(request)) {
            problems.add(new String[] {ProblemHandler.fieldPath(path(violation.getPropertyPath())), violation.getMessage()});
        }
        problems.sort(Comparator.comparing(p -> p[0]));
        problems.forEach(p -> errors.add(p[0], FormErrors.chinese(p[1])));
        return request;
    }

    /** A violation's path as Spring names a field: {@code tags[1]}, {@code overrides[gzh].title}. */
    static String path(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                field.append(field.isEmpty() ? "" : ".").append(name);
            }
        }
        return field.toString();
    }

    /** The saved item's form again, with why an action on it (submit, publish) was refused. */
    private String refusedAction(String id, ItemRefusal refusal, Model model, HttpServletResponse response) {
        FormErrors errors = refused(refusal);
        ItemView item;
        try {
            item = items.get(id);
        } catch (ItemRefusal missing) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "console/editor/missing";
        }
        showChecks(model, id);
        return editor(model, item, ItemForm.of(item, times, columnChannels(item.column())), errors, null);
    }

    private void showChecks(Model model, String id) {
        model.addAttribute("checks", items.checks(id).findings().stream().map(CheckFindings::of).toList());
    }

    /**
     * The refusal's problems as the API names them. The form shown again answers 200: it is the page the person
     * goes on working in (a 4xx document is logged by the browser as a failed load), and the problems are on it.
     */
    private static FormErrors refused(ItemRefusal refusal) {
        return FormErrors.of(ItemRefusalAnswers.asApiException(refusal));
    }

    private List<String> columnChannels(String column) {
        TongfaProperties.Column found = properties.columns().get(column);
        return found == null ? List.of() : found.channels();
    }

    private String editor(Model model, ItemView item, ItemForm form, FormErrors errors, AutosaveStore.Autosave offer) {
        model.addAttribute("item", item);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("restoreAt", offer == null ? null : times.minute(offer.savedAt()));
        model.addAttribute("action", item == null ? "/console/items" : "/console/items/" + item.id());
        model.addAttribute("autosaveUrl", item == null ? "/console/items/new/autosave"
                : "/console/items/" + item.id() + "/autosave");
        model.addAttribute("state", item == null ? null : item.status().label());
        model.addAttribute("stateCss", item == null ? null : ConsoleLabels.css(item.status()));
        Map<String, String> columns = new LinkedHashMap<>();
        properties.columns().forEach((key, column) -> columns.put(key, column.name()));
        model.addAttribute("columns", columns);
        model.addAttribute("channelOptions", channels.options());
        model.addAttribute("disclosures", choices(DisclosureType.PROACTIVE, DisclosureType.PROACTIVE.label(),
                DisclosureType.ON_REQUEST, DisclosureType.ON_REQUEST.label(), DisclosureType.NOT_PUBLIC,
                DisclosureType.NOT_PUBLIC.label()));
        model.addAttribute("priorities", choices(Priority.NORMAL, "普通", Priority.URGENT, "紧急", Priority.EMERGENCY,
                "特急"));
        model.addAttribute("relations", choices(RelationType.INTERPRETS, "本稿解读该政策", RelationType.INTERPRETED_BY,
                "该稿解读本政策", RelationType.RELATED, "相关阅读"));
        model.addAttribute("validities", choices(ValidityStatus.VALID, "有效", ValidityStatus.REPEALED, "废止",
                ValidityStatus.LAPSED, "失效"));
        model.addAttribute("documentTypes", choices(DocumentType.REGULATION, DocumentType.REGULATION.label(),
                DocumentType.NORMATIVE, DocumentType.NORMATIVE.label(), DocumentType.OTHER, DocumentType.OTHER.label()));
        return "console/editor/edit";
    }

    private static Map<String, String> choices(Enum<?> a, String aLabel, Enum<?> b, String bLabel, Enum<?> c, String cLabel) {
        Map<String, String> choices = new LinkedHashMap<>();
        choices.put(a.name(), aLabel);
        choices.put(b.name(), bLabel);
        choices.put(c.name(), cLabel);
        return choices;
    }
}
