/**
 * The editor console (编辑工作台) at {@code /console/}: server-rendered pages (Thymeleaf) with htmx for
 * partial updates and server-sent events for live status, on top of the features (items, review chain,
 * accounts, audit) and the delivery core. It adds no rule of its own: what a person may do is what the
 * API lets the same roles do, and every change goes through the same services. Security (form login,
 * sessions, CSRF, Content-Security-Policy) is {@code org.tongfa.security.ConsoleSecurity}.
 *
 * <p>Layout: {@code templates/console/layout.html} is every page's frame ({@code page(title, content)});
 * {@link ConsoleModel} adds the signed-in person, the navigation and the CSRF token to every console
 * model; {@link ConsoleTimes} formats times as {@code 2026-12-01 09:30} in Asia/Shanghai; {@link FormErrors}
 * turns the API's field problems into Chinese messages shown next to their fields.
 */
package org.tongfa.console;
