package org.tongfa.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page (工作台). */
@Controller
class ConsoleHomeController {

    @GetMapping({"/console", "/console/"})
    String home() {
        return "console/home";
    }
}
