package org.tongfa.item;

/** How urgently an item must reach readers; display screens and push channels order by it. */
public enum Priority { NORMAL, URGENT, EMERGENCY }
