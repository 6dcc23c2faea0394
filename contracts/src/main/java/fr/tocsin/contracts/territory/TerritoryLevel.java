package fr.tocsin.contracts.territory;

/** From the widest to the narrowest; a scope covers every territory below it that lies inside it. */
public enum TerritoryLevel {
    NATIONAL, REGION, DEPARTMENT, COMMUNE
}
