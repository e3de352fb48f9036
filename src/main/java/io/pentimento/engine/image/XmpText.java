package io.pentimento.engine.image;

import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Generation text in an XMP packet (JPEG APP1 or WebP {@code XMP } chunk): an {@code exif:UserComment} or any
 * property named {@code parameters} becomes {@code parameters}, a {@code dc:description} becomes
 * {@code xmp:description}. Property values may be attributes of {@code rdf:Description}, simple elements or
 * {@code rdf:Alt} language alternatives (the first item is taken). The packet is parsed with DTDs and external
 * entities refused, so a hostile packet cannot read files or expand entities.
 */
final class XmpText {

    private XmpText() {
    }

    static Map<String, String> read(byte[] packet) {
        Map<String, String> text = new LinkedHashMap<>();
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException ex) throws org.xml.sax.SAXException {
                    throw ex;
                }
            });
            root = builder.parse(new ByteArrayInputStream(trimmed(packet))).getDocumentElement();
        } catch (Exception | StackOverflowError e) {
            // A damaged packet holds no text we can use; the other metadata of the file may still.
            return text;
        }
        visit(root, text, 0);
        return text;
    }

    private static void visit(Element e, Map<String, String> text, int depth) {
        if (depth > 64) {
            return;
        }
        NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            String key = keyFor(localName(a));
            if (key != null) {
                put(text, key, a.getValue());
            }
        }
        String key = keyFor(localName(e));
        if (key != null) {
            put(text, key, value(e));
        }
        NodeList children = e.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child) {
                visit(child, text, depth + 1);
            }
        }
    }

    private static String keyFor(String localName) {
        return switch (localName) {
            case "UserComment", "parameters" -> "parameters";
            case "description" -> "xmp:description";
            default -> null;
        };
    }

    /** A simple property's text, or the first item of an rdf:Alt / rdf:Seq / rdf:Bag. */
    private static String value(Element property) {
        NodeList items = property.getElementsByTagNameNS("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "li");
        Node source = items.getLength() > 0 ? items.item(0) : property;
        return source.getTextContent();
    }

    private static String localName(Node n) {
        String name = n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
        int colon = name.indexOf(':');
        return colon >= 0 ? name.substring(colon + 1) : name;
    }

    private static void put(Map<String, String> text, String key, String value) {
        if (value != null && !value.isBlank()) {
            text.putIfAbsent(key, value);
        }
    }

    /** The packet without the NUL padding some writers leave after it. */
    private static byte[] trimmed(byte[] packet) {
        int end = packet.length;
        while (end > 0 && (packet[end - 1] == 0 || packet[end - 1] == ' ' || packet[end - 1] == '\n')) {
            end--;
        }
        return java.util.Arrays.copyOf(packet, end);
    }
}
