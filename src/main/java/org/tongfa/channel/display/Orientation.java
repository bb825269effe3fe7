package org.tongfa.channel.display;

/** How a screen hangs; the player lays out large type for it. */
enum Orientation {
    LANDSCAPE,
    PORTRAIT
}
