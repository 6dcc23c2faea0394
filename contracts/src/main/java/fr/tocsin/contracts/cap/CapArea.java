package fr.tocsin.contracts.cap;

import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** CAP 1.2 {@code area}; Tocsin identifies territories by geocodes named {@link CapXml#INSEE_GEOCODE}. */
@XmlType(propOrder = {"areaDesc", "polygons", "circles", "geocodes", "altitude", "ceiling"})
public class CapArea {

    public String areaDesc;
    @XmlElement(name = "polygon")
    public List<String> polygons = new ArrayList<>();
    @XmlElement(name = "circle")
    public List<String> circles = new ArrayList<>();
    @XmlElement(name = "geocode")
    public List<CapValuePair> geocodes = new ArrayList<>();
    public BigDecimal altitude;
    public BigDecimal ceiling;
}
