package org.tongfa.console.delivery;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Renders matrix cells outside a request (for the live stream) with the same fragment the page uses
 * ({@code console/delivery/cell :: cells}), so a pushed cell is the cell a reload would show.
 */
@Component
class CellRenderer {

    /**
     * Whose page a cell is rendered for: whether it shows action buttons, and the session's CSRF token
     * those forms carry (a stream is rendered without a request, so the token is taken when it opens).
     */
    record Viewer(boolean canAct, String csrfParam, String csrfToken) {
    }

    private final ITemplateEngine templates;

    CellRenderer(ITemplateEngine templates) {
        this.templates = templates;
    }

    /** The cells' HTML on one line (a server-sent event's data may not hold a line break). */
    String render(List<MatrixCell> cells, Viewer viewer) {
        Context context = new Context(Locale.SIMPLIFIED_CHINESE);
        context.setVariable("cells", cells);
        context.setVariable("canAct", viewer.canAct());
        context.setVariable("csrfParam", viewer.csrfParam());
        context.setVariable("csrfToken", viewer.csrfToken());
        return templates.process("console/delivery/cell", Set.of("cells"), context).replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
