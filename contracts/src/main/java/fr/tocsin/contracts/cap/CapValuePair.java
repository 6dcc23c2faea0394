package fr.tocsin.contracts.cap;

import jakarta.xml.bind.annotation.XmlType;

/** {@code valueName}/{@code value}, as in eventCode, parameter and geocode. */
@XmlType(propOrder = {"valueName", "value"})
public class CapValuePair {

    public String valueName;
    public String value;

    public CapValuePair() {
    }

    public CapValuePair(String valueName, String value) {
        this.valueName = valueName;
        this.value = value;
    }
}
