package fr.maillage.registry.domain;

/** What kind of tiers-lieu: coworking, fablab/maker space, cultural, shared craft workshop … */
public enum Typology {
    COWORKING, FABLAB, CULTURAL, CRAFT_WORKSHOP, LIVING_LAB, FOOD, SHARED_KITCHEN, DIGITAL_MEDIATION, OTHER
}
