package fr.tocsin.localstack;

import fr.tocsin.contracts.territory.Department;
import fr.tocsin.contracts.territory.TerritoryDirectory;

import java.util.List;
import java.util.Map;

/**
 * Standby fallback numbers for every department and emergency number, in the fallback service's CSV import
 * format. Every number lies in a range ARCEP reserves for fiction, so a demo never calls a real person.
 */
public final class DemoData {

    public static final List<String> SERVICES = List.of("15", "17", "18", "112");

    /** ARCEP's fiction block of each metropolitan numbering zone; overseas departments use zone 02's. */
    private static final Map<String, String> FICTION_BLOCK_BY_REGION = Map.ofEntries(
            Map.entry("11", "01 99 00"),
            Map.entry("24", "02 61 91"), Map.entry("28", "02 61 91"), Map.entry("52", "02 61 91"),
            Map.entry("53", "02 61 91"),
            Map.entry("27", "03 53 01"), Map.entry("32", "03 53 01"), Map.entry("44", "03 53 01"),
            Map.entry("84", "04 65 71"), Map.entry("93", "04 65 71"), Map.entry("94", "04 65 71"),
            Map.entry("75", "05 36 49"), Map.entry("76", "05 36 49"));
    private static final Map<String, String> LABELS = Map.of(
            "15", "SAMU — numéro de secours", "17", "Police et gendarmerie — numéro de secours",
            "18", "Pompiers — numéro de secours", "112", "Urgences européennes — numéro de secours");

    private DemoData() {
    }

    public static String standbyNumbersCsv() {
        StringBuilder csv = new StringBuilder("territory,service,priority,number,label,notes,authority,verified_on\n");
        List<Department> departments = TerritoryDirectory.get().departments();
        for (int d = 0; d < departments.size(); d++) {
            Department department = departments.get(d);
            String block = FICTION_BLOCK_BY_REGION.getOrDefault(department.regionCode(), "02 61 91");
            for (int s = 0; s < SERVICES.size(); s++) {
                String service = SERVICES.get(s);
                // The department's rank and the service make the last four digits: unique within each block.
                int suffix = d * SERVICES.size() + s;
                String number = "%s %02d %02d".formatted(block, suffix / 100, suffix % 100);
                csv.append("department:").append(department.code()).append(',').append(service).append(",1,")
                        .append(number).append(',').append('"').append(LABELS.get(service)).append(" (")
                        .append(department.name().replace("\"", "")).append(")\"").append(",\"24 h/24, numéro fictif de démonstration\",")
                        .append("\"Préfecture — démonstration\",2026-11-01\n");
            }
        }
        return csv.toString();
    }
}
