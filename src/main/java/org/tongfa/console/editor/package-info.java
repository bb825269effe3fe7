/**
 * The console's 稿件 pages: the item list ({@code GET /console/items}) and the item editor
 * ({@code /console/items/new}, {@code /console/items/{id}}) with its related-item picker, image upload and
 * autosave. Saving and submitting go through {@link org.tongfa.item.ItemService} and
 * {@link org.tongfa.item.ReviewDesk} exactly as the items API does, with the signed-in caller, so the
 * rules and refusals are the API's; refusals are shown next to their fields in Chinese
 * ({@link org.tongfa.console.FormErrors}).
 */
package org.tongfa.console.editor;
