package fr.maillage.registry.domain;

public enum ThirdPlaceStatus {
    PROJECT, OPEN, CLOSED
}
