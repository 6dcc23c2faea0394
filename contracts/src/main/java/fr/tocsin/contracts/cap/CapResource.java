package fr.tocsin.contracts.cap;

import jakarta.xml.bind.annotation.XmlType;

import java.math.BigInteger;

@XmlType(propOrder = {"resourceDesc", "mimeType", "size", "uri", "derefUri", "digest"})
public class CapResource {

    public String resourceDesc;
    public String mimeType;
    public BigInteger size;
    public String uri;
    public String derefUri;
    public String digest;
}
