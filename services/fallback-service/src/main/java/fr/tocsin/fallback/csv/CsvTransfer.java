package fr.tocsin.fallback.csv;

import fr.tocsin.fallback.directory.Directory;
import fr.tocsin.fallback.directory.PhoneNumbers;
import fr.tocsin.fallback.directory.AccessDeniedException;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import fr.tocsin.contracts.auth.Actor;
import fr.tocsin.fallback.directory.DirectoryChanged;
import fr.tocsin.fallback.directory.FallbackNumberView;
import fr.tocsin.fallback.directory.NumberDetails;
import fr.tocsin.fallback.directory.persistence.FallbackNumberEntity;
import fr.tocsin.fallback.directory.persistence.FallbackNumberRepository;
import fr.tocsin.contracts.json.SafeText;
import fr.tocsin.contracts.problem.InvalidRequestException;
import fr.tocsin.contracts.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.StringWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Bulk import and export of the directory as CSV, so a ministry can load every department at once. An import
 * is all or nothing: every bad row is reported with its line and reason, and then nothing is stored. Each number
 * an import creates or changes gets its own audit record (unchanged rows none): a number's history then reads
 * the same whether it was edited or imported, and each record is visible to its own territory's authorities.
 */
@ApplicationScoped
public class CsvTransfer {

    public static final List<String> COLUMNS = List.of("territory", "service", "priority", "number", "label", "notes",
            "authority", "verified_on");
    public static final int MAX_ROWS = 20_000;

    /** What an import did. */
    public record Report(int rows, int created, int updated) {
    }

    private static final CsvMapper CSV = new CsvMapper();

    /**
     * A cell a spreadsheet would evaluate (OWASP CSV injection: it begins with {@code = + - @}, tab or CR), or such
     * a cell already behind apostrophes. The export puts one {@code '} before it, which spreadsheets show as text;
     * the import takes exactly that one off again, so a file exported then imported changes nothing, whatever the
     * text. That includes numbers written internationally ({@code +687 …}, see {@link PhoneNumbers.Valid#forFile}):
     * {@code +33 1 …} is a sum to a spreadsheet.
     */
    private static final Pattern FORMULA = Pattern.compile("^'*[=+\\-@\t\r]");
    private static final Pattern NEUTRALISED = Pattern.compile("^'+[=+\\-@\t\r]");

    @Inject
    Directory directory;

    @Inject
    FallbackNumberRepository numbers;

    @Inject
    Event<DirectoryChanged> changed;

    @Transactional
    public Report importCsv(Actor actor, String csv) {
        // A role that may import nothing is refused as a whole (403), not line by line.
        Directory.requireDirectoryRole(actor);
        List<Problem.FieldError> errors = new ArrayList<>();
        List<FallbackNumberEntity> entries = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        int rows = 0;
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> it = CSV.readerFor(Map.class).with(schema)
                .with(CsvParser.Feature.TRIM_SPACES).readValues(csv)) {
            while (it.hasNextValue()) {
                int line = it.getCurrentLocation().getLineNr();
                Map<String, String> row = it.nextValue();
                if (++rows > MAX_ROWS) {
                    throw InvalidRequestException.of("body", "au plus " + MAX_ROWS + " lignes / at most " + MAX_ROWS + " rows");
                }
                if (rows == 1) {
                    List<String> missing = COLUMNS.stream().filter(c -> !row.containsKey(c)).toList();
                    if (!missing.isEmpty()) {
                        throw InvalidRequestException.of("line 1", "colonnes manquantes / missing columns " + missing
                                + "; expected " + String.join(",", COLUMNS));
                    }
                }
                try {
                    FallbackNumberEntity entry = directory.prepare(actor, request(row));
                    if (!seen.add(entry.territory + "|" + entry.service + "|" + entry.e164)) {
                        throw new IllegalArgumentException("doublon dans le fichier / duplicate row in the file");
                    }
                    entries.add(entry);
                } catch (InvalidRequestException e) {
                    e.errors().forEach(error -> errors.add(new Problem.FieldError("line " + line,
                            error.field() + ": " + error.message())));
                } catch (IllegalArgumentException | AccessDeniedException e) {
                    errors.add(new Problem.FieldError("line " + line, e.getMessage()));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidRequestException invalid) {
                throw invalid;
            }
            throw InvalidRequestException.of("body", "CSV illisible / unreadable CSV: " + e.getMessage());
        }
        if (rows == 0) {
            errors.add(new Problem.FieldError("body", "aucune ligne de numéros / no rows: expected a header line "
                    + String.join(",", COLUMNS) + " then one line per number"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        int created = 0;
        Set<String> territories = new LinkedHashSet<>();
        for (FallbackNumberEntity entry : entries) {
            FallbackNumberEntity existing = numbers.findSame(entry.territory, entry.service, entry.e164).orElse(null);
            if (existing == null) {
                entry.persist();
                created++;
                directory.audited(actor, "NUMBER_IMPORT_CREATE", null, entry);
            } else {
                FallbackNumberView before = FallbackNumberView.of(existing);
                existing.priority = entry.priority;
                existing.label = entry.label;
                existing.notes = entry.notes;
                existing.authority = entry.authority;
                existing.verifiedOn = entry.verifiedOn;
                existing.updatedAt = entry.updatedAt;
                if (!before.equals(FallbackNumberView.of(existing).withUpdatedAt(before.updatedAt()))) {
                    directory.audited(actor, "NUMBER_IMPORT_UPDATE", before, existing);
                }
            }
            territories.add(entry.territory);
        }
        changed.fire(new DirectoryChanged(territories));
        return new Report(rows, created, entries.size() - created);
    }

    @Transactional
    public String exportCsv(Actor actor) {
        CsvSchema schema = CsvSchema.builder().addColumns(COLUMNS, CsvSchema.ColumnType.STRING).build().withHeader();
        StringWriter out = new StringWriter();
        try (var writer = CSV.writer(schema).writeValues(out)) {
            for (FallbackNumberEntity e : directory.list(actor, null, null)) {
                writer.write(Stream.of(e.territory, e.service, String.valueOf(e.priority),
                        PhoneNumbers.validate(e.e164).forFile(), e.label, e.notes == null ? "" : e.notes, e.authority,
                        e.verifiedOn == null ? "" : e.verifiedOn.toString()).map(CsvTransfer::neutralise).toList());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** The cell as written to a CSV file: a leading {@code '} if a spreadsheet would take it for a formula. */
    static String neutralise(String cell) {
        if (cell == null) {
            return "";
        }
        return FORMULA.matcher(cell).find() ? "'" + cell : cell;
    }

    /** The cell as it was before {@link #neutralise}. */
    static String restore(String cell) {
        return cell != null && NEUTRALISED.matcher(cell).find() ? cell.substring(1) : cell;
    }

    private static NumberDetails request(Map<String, String> cells) {
        Map<String, String> row = new HashMap<>();
        for (Map.Entry<String, String> cell : cells.entrySet()) {
            String unsafe = cell.getValue() == null ? null : SafeText.problem(cell.getValue());
            if (unsafe != null) {
                throw InvalidRequestException.of(cell.getKey(), unsafe);
            }
            row.put(cell.getKey(), restore(cell.getValue()));
        }
        String priority = blankToNull(row.get("priority"));
        String verified = blankToNull(row.get("verified_on"));
        Integer parsedPriority;
        try {
            parsedPriority = priority == null ? null : Integer.valueOf(priority);
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of("priority", "un entier / an integer: " + priority);
        }
        if (parsedPriority != null && (parsedPriority < 1 || parsedPriority > 99)) {
            throw InvalidRequestException.of("priority", "entre 1 et 99 / between 1 and 99");
        }
        LocalDate verifiedOn;
        try {
            verifiedOn = verified == null ? null : LocalDate.parse(verified);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of("verified_on", "date AAAA-MM-JJ / date YYYY-MM-DD: " + verified);
        }
        for (String required : List.of("territory", "service", "number", "label")) {
            if (blankToNull(row.get(required)) == null) {
                throw InvalidRequestException.of(required, "obligatoire / required");
            }
        }
        return new NumberDetails(row.get("territory"), row.get("service"), parsedPriority, row.get("number"),
                row.get("label"), blankToNull(row.get("notes")), blankToNull(row.get("authority")), verifiedOn);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
