package fr.tocsin.contracts.territory;

/**
 * A department, or an overseas collectivity (Saint-Pierre-et-Miquelon, French Polynesia, New Caledonia, ...)
 * which stands at the same level for alerts but belongs to no region.
 *
 * @param regionCode null for a collectivity
 */
public record Department(String code, String name, String regionCode, boolean collectivity) {
}
