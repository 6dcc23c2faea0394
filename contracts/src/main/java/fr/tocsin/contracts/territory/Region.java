package fr.tocsin.contracts.territory;

/** One of the 18 regions (13 metropolitan, 5 overseas), by INSEE code: Hauts-de-France is 32. */
public record Region(String code, String name) {
}
