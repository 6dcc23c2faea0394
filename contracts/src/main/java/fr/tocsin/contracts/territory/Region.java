package fr.tocsin.contracts.territory;

public record Region(String code, String name) {
}
