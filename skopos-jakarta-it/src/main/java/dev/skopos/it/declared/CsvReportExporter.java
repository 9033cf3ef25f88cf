package dev.skopos.it.declared;

/** Its event comes from its stereotype. */
@ExportedReport
public class CsvReportExporter {

    public String export(String report) {
        return report + ".csv";
    }
}
